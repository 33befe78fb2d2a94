import { ProcessingError } from './errors.ts';
import { formatDouble } from './java-format.ts';

/** Rounding modes Tributary needs; ksqlDB uses HALF_UP for casts and arithmetic results. */
export type RoundingMode = 'HALF_UP' | 'DOWN' | 'FLOOR' | 'UNNECESSARY';

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const TEN = 10n;

function pow10(n: number): bigint {
  return TEN ** BigInt(n);
}

function absBig(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/** Divides with the given rounding; the divisor must be non-zero. */
function divRound(n: bigint, d: bigint, mode: RoundingMode): bigint {
  const q = n / d; // truncates toward zero
  const r = n % d;
  if (r === 0n) return q;
  const negative = n < 0n !== d < 0n;
  switch (mode) {
    case 'DOWN':
      return q;
    case 'FLOOR':
      return negative ? q - 1n : q;
    case 'HALF_UP':
      return 2n * absBig(r) >= absBig(d) ? (negative ? q - 1n : q + 1n) : q;
    case 'UNNECESSARY':
      throw new ProcessingError('Rounding necessary');
  }
}

/**
 * An exact decimal number: `unscaled × 10^-scale`, like Java's BigDecimal. The scale is part of
 * the value's identity for printing (`1.50` keeps two digits) but not for SQL comparison.
 */
export class Decimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  static readonly ZERO = new Decimal(0n, 0);

  /** Java `new BigDecimal(text)`: sign, digits, optional fraction and exponent (`.12`, `1E+3`). */
  static parse(text: string): Decimal {
    const m = DECIMAL_TEXT.exec(text);
    const intPart = m?.[2] ?? '';
    const fracPart = m?.[3] ?? '';
    if (!m || intPart.length + fracPart.length === 0) {
      throw new ProcessingError(`Invalid decimal: "${text}"`);
    }
    const digits = BigInt(intPart + fracPart);
    const exponent = m[4] === undefined ? 0 : Number(m[4]);
    return new Decimal(m[1] === '-' ? -digits : digits, fracPart.length - exponent);
  }

  /** Returns null instead of throwing when `text` is not a decimal number. */
  static tryParse(text: string): Decimal | null {
    const m = DECIMAL_TEXT.exec(text);
    if (!m || (m[2] ?? '').length + (m[3] ?? '').length === 0) return null;
    return Decimal.parse(text);
  }

  static fromBigInt(value: bigint, scale = 0): Decimal {
    return new Decimal(value, scale);
  }

  /**
   * Java's `BigDecimal.valueOf(double)`: goes through `Double.toString`, so 0.1 becomes `0.1`
   * (scale 1), 1.0 becomes `1.0` and 1e7 becomes `1.0E7` (scale -6), not the binary expansion.
   */
  static fromNumber(n: number): Decimal {
    if (!Number.isFinite(n)) throw new ProcessingError(`Cannot convert ${n} to DECIMAL`);
    return Decimal.parse(formatDouble(n));
  }

  signum(): number {
    return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
  }

  /** Number of significant digits in the unscaled value (Java's `precision()`; 0 has precision 1). */
  precision(): number {
    return absBig(this.unscaled).toString().length;
  }

  negate(): Decimal {
    return new Decimal(-this.unscaled, this.scale);
  }

  abs(): Decimal {
    return this.unscaled < 0n ? this.negate() : this;
  }

  /** Re-expresses the value at `scale`, rounding when digits are dropped. */
  setScale(scale: number, mode: RoundingMode = 'HALF_UP'): Decimal {
    if (scale === this.scale) return this;
    if (scale > this.scale) return new Decimal(this.unscaled * pow10(scale - this.scale), scale);
    return new Decimal(divRound(this.unscaled, pow10(this.scale - scale), mode), scale);
  }

  add(other: Decimal): Decimal {
    const s = Math.max(this.scale, other.scale);
    return new Decimal(this.setScale(s).unscaled + other.setScale(s).unscaled, s);
  }

  sub(other: Decimal): Decimal {
    return this.add(other.negate());
  }

  mul(other: Decimal): Decimal {
    return new Decimal(this.unscaled * other.unscaled, this.scale + other.scale);
  }

  /** Quotient at `scale` digits, rounded by `mode`. Throws on division by zero. */
  div(other: Decimal, scale: number, mode: RoundingMode = 'HALF_UP'): Decimal {
    if (other.unscaled === 0n) throw new ProcessingError('Division by zero');
    // value = (a/10^sa) / (b/10^sb); scaled by 10^scale → a * 10^(scale + sb - sa) / b
    const shift = scale + other.scale - this.scale;
    const num = shift >= 0 ? this.unscaled * pow10(shift) : this.unscaled;
    const den = shift >= 0 ? other.unscaled : other.unscaled * pow10(-shift);
    return new Decimal(divRound(num, den, mode), scale);
  }

  /** Java's `remainder`: the result takes the sign of the dividend. */
  mod(other: Decimal): Decimal {
    if (other.unscaled === 0n) throw new ProcessingError('Division by zero');
    const s = Math.max(this.scale, other.scale);
    return new Decimal(this.setScale(s).unscaled % other.setScale(s).unscaled, s);
  }

  /** Numeric comparison ignoring scale: `1.0` equals `1.00`. */
  compare(other: Decimal): number {
    const s = Math.max(this.scale, other.scale);
    const a = this.setScale(s).unscaled;
    const b = other.setScale(s).unscaled;
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  /** Equal value and equal scale, like Java's `BigDecimal.equals`. */
  identical(other: Decimal): boolean {
    return this.unscaled === other.unscaled && this.scale === other.scale;
  }

  /** Java's `toPlainString()`: never an exponent, keeps trailing zeros of the scale. */
  toString(): string {
    const negative = this.unscaled < 0n;
    let digits = absBig(this.unscaled).toString();
    if (this.scale <= 0) {
      if (digits !== '0') digits += '0'.repeat(-this.scale);
      return (negative ? '-' : '') + digits;
    }
    if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits;
    const point = digits.length - this.scale;
    return (negative ? '-' : '') + digits.slice(0, point) + '.' + digits.slice(point);
  }

  /** Java's `BigDecimal.toString()`: scientific notation when the scale is negative or the
   * adjusted exponent is below -6 (`1E+3`, `1.5E-7`); used where ksqlDB prints via `toString`. */
  toJavaString(): string {
    const digits = absBig(this.unscaled).toString();
    const adjusted = digits.length - 1 - this.scale;
    if (this.scale >= 0 && adjusted >= -6) return this.toString();
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${this.unscaled < 0n ? '-' : ''}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
  }

  /** The nearest double, like Java's `doubleValue()` (decimal text parsing rounds correctly). */
  toNumber(): number {
    return Number(this.toString());
  }

  /** Integer part, truncated toward zero (Java's `toBigInteger()`). */
  toBigInt(): bigint {
    return this.scale <= 0 ? this.unscaled * pow10(-this.scale) : this.unscaled / pow10(this.scale);
  }
}
