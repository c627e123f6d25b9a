/** The words of the admin's operations pages: the queue dashboard and the personal-data audit (see define-words.ts). */
import { defineWords } from './define-words';

export const adminOperationsWords = defineWords(
  {
    queuesTitle: '任务队列',
    queuesIntro:
      '后台任务（名单推送、贷款拉取、季度贴息、风险补偿、月度统计、一卡通匹配）的队列：等待、执行中、已完成、失败的任务，失败原因，重试。面板为 Bull Board，在新窗口打开，仅管理员可用，会话最长 1 小时。',
    queuesOpen: '打开任务队列面板',
    queuesOpened: '已在新窗口打开任务队列面板',
    queuesPopupBlocked: '浏览器阻止了新窗口：请允许本站弹出窗口，或直接打开 {url}',
    piiAuditTitle: '个人信息查阅记录（各县）',
    piiAuditIntro: '每一次查看完整姓名、身份证号或电话都在返回前记录：谁、以何种角色、查阅哪户的哪一项、原因与时间。',
    piiAuditCounty: '县（区）代码',
    piiAuditSubject: '查阅人',
    piiAuditRole: '角色',
    piiAuditField: '查阅项',
    piiAuditRange: '时间范围',
    piiAuditSearch: '查询',
    piiAuditReset: '重置',
  },
  {
    queuesTitle: 'Queues',
    queuesIntro:
      "The queues of the hub's background jobs (list pushes, loan pulls, the quarterly subsidy, risk funds, monthly statistics, one-card matching): waiting, active, completed and failed jobs, why they failed, retry. The dashboard is Bull Board, opened in a new window, for administrators only, with a session of at most an hour.",
    queuesOpen: 'Open the queue dashboard',
    queuesOpened: 'The queue dashboard is open in a new window',
    queuesPopupBlocked: 'The browser blocked the new window: allow pop-ups for this site, or open {url}',
    piiAuditTitle: 'Personal-data reads (every county)',
    piiAuditIntro:
      'Every read of a full name, ID number or phone is recorded before the value is returned: who, in which role, which field of which household, why and when.',
    piiAuditCounty: 'County code',
    piiAuditSubject: 'Reader',
    piiAuditRole: 'Role',
    piiAuditField: 'Field',
    piiAuditRange: 'Time range',
    piiAuditSearch: 'Search',
    piiAuditReset: 'Reset',
  },
);
