// utilerrors.NewAggregate(errs).Error(): duplicates dropped, one message alone, several in brackets.
export function aggregateStrings(messages: readonly string[]): string {
  const unique = [...new Set(messages)];
  return unique.length === 1 ? unique[0]! : `[${unique.join(', ')}]`;
}
