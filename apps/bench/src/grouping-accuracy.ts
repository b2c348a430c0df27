/**
 * Grouping accuracy as the log-parsing literature defines it (Zhu et al., ICSE-SEIP 2019): the
 * share of lines whose predicted group holds exactly the lines of their true template. The bench
 * computes it itself rather than trusting the package under test to grade its own miner.
 */
export function groupingAccuracy(predicted: ArrayLike<number | string>, truth: ArrayLike<number | string>): number {
  if (predicted.length !== truth.length) throw new RangeError(`${predicted.length} predicted labels for ${truth.length} lines`);
  if (truth.length === 0) return 1;
  const trueSizes = new Map<number | string, number>();
  for (let i = 0; i < truth.length; i++) trueSizes.set(truth[i]!, (trueSizes.get(truth[i]!) ?? 0) + 1);
  const groups = new Map<number | string, number[]>();
  for (let i = 0; i < predicted.length; i++) {
    const members = groups.get(predicted[i]!);
    if (members) members.push(i);
    else groups.set(predicted[i]!, [i]);
  }
  let correct = 0;
  for (const members of groups.values()) {
    const label = truth[members[0]!]!;
    if (trueSizes.get(label) === members.length && members.every((i) => truth[i] === label)) correct += members.length;
  }
  return correct / truth.length;
}
