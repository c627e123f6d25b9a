/** The one icon the console draws (antd's icon package is not needed for it). */
export function InboxOutlined() {
  return (
    <svg viewBox="0 0 24 24" width="48" height="48" fill="none" stroke="#1f6f43" strokeWidth="1.5" aria-hidden="true">
      <path d="M3 13l3-8h12l3 8v6H3z" />
      <path d="M3 13h5l1 2h6l1-2h5" />
    </svg>
  );
}
