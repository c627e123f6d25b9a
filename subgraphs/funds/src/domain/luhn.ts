/** Luhn (mod 10) check digit of bank card numbers, as used for 一卡通 cards. Pure. */
export function luhnCheckDigit(payload: string): number {
  if (!/^\d+$/.test(payload)) throw new TypeError('card payload must be digits');
  let sum = 0;
  for (let i = 0; i < payload.length; i++) {
    let digit = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return (10 - (sum % 10)) % 10;
}

export function isValidLuhn(cardNumber: string): boolean {
  return /^\d{12,19}$/.test(cardNumber) && luhnCheckDigit(cardNumber.slice(0, -1)) === Number(cardNumber.at(-1));
}
