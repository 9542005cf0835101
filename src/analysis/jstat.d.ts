// Minimal declarations for the parts of jstat (https://github.com/jstat/jstat) that analysis/ uses.
declare module 'jstat' {
  interface Continuous2 {
    cdf(x: number, a: number, b: number): number;
    inv(p: number, a: number, b: number): number;
  }
  interface Continuous1 {
    cdf(x: number, a: number): number;
    inv(p: number, a: number): number;
  }
  interface Tukey {
    /** P(Q ≤ q) for the studentized range with `nmeans` groups and `df` degrees of freedom (R's ptukey). */
    cdf(q: number, nmeans: number, df: number): number;
    inv(p: number, nmeans: number, df: number): number;
  }
  interface JStat {
    studentt: Continuous1;
    chisquare: Continuous1;
    centralF: Continuous2;
    normal: { cdf(x: number, mean: number, sd: number): number; inv(p: number, mean: number, sd: number): number };
    binomial: { pdf(k: number, n: number, p: number): number; cdf(k: number, n: number, p: number): number };
    tukey: Tukey;
  }
  const jStat: JStat;
  export default jStat;
}
