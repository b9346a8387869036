// Luhn (mod 10) checksum, used to tell payment card numbers from other long digit runs.

/** True when the digits (separators ignored) pass the Luhn check. */
export function luhnValid(number: string): boolean {
  const digits = number.replace(/[ -]/g, '');
  if (!/^\d+$/.test(digits) || digits.length < 2) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}
