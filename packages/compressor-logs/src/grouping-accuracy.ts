/**
 * Group accuracy as the log-parsing literature defines it (Zhu et al., ICSE-SEIP 2019): the share
 * of lines whose predicted group holds exactly the lines of their true template. A line in a
 * group that merges two templates, or in one of two groups that split a template, counts as wrong.
 * `predicted[i]` and `truth[i]` label line i; labels are compared by value.
 */
export function groupingAccuracy(predicted: ArrayLike<number | string>, truth: ArrayLike<number | string>): number {
  if (predicted.length !== truth.length) throw new RangeError(`predicted has ${predicted.length} labels, truth has ${truth.length}`);
  if (predicted.length === 0) return 1;
  const predictedGroups = groupIndexes(predicted);
  const trueGroups = groupIndexes(truth);
  let correct = 0;
  for (const members of predictedGroups.values()) {
    const label = truth[members[0]!]!;
    const trueMembers = trueGroups.get(label)!;
    if (trueMembers.length === members.length && members.every((i) => truth[i] === label)) correct += members.length;
  }
  return correct / predicted.length;
}

function groupIndexes(labels: ArrayLike<number | string>): Map<number | string, number[]> {
  const groups = new Map<number | string, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i]!;
    const members = groups.get(label);
    if (members) members.push(i);
    else groups.set(label, [i]);
  }
  return groups;
}
