/**
 * `c`: clone the qube under the cursor (qvm-clone): one line for the new
 * name, checked as it is typed by the same rules as the create form.
 */
import type { Key } from 'ink';
import { Box, Text } from 'ink';
import { lineEdit } from '../line-editor.js';
import { fit, printable, tail } from '../printable.js';
import { useRefState } from '../use-ref-state.js';
import type { FormNote } from './form-footer.js';
import { FormFooter } from './form-footer.js';
import type { InfoView, ViewProps } from './info-view.js';
import { newQubeNameProblem } from './new-qube-name.js';

function CloneView({ api, theme, width, height, keys, run, qube }: ViewProps) {
  const [state, setState, ref] = useRefState<{ name: string; note: FormNote | null }>({ name: '', note: null });
  const existing = api.snapshot().qubes.map((q) => q.name);
  const problem = newQubeNameProblem(state.name, existing);
  const e = theme.glyphs.ellipsis;

  keys.current = (input: string, key: Key): boolean => {
    if (key.escape) return false;
    if (qube === null) return true;
    const now = ref.current;
    const edit = lineEdit(now.name, input, key);
    if (edit?.kind === 'submit') {
      const why = newQubeNameProblem(edit.text, existing);
      if (why !== null) {
        setState({ name: edit.text, note: { text: `not cloned: ${why}`, refused: true } });
        return true;
      }
      const argv = ['clone', qube.name, edit.text];
      setState({ name: edit.text, note: { text: `ran: ${argv.join(' ')}  (Esc: back to the table)`, refused: false } });
      void run(argv);
    } else if (edit?.kind === 'text') {
      setState({ name: edit.text, note: null });
    }
    return true;
  };

  if (qube === null) {
    return <Text color="redBright">{fit(' no qube under the cursor to clone (Esc: back)', width, e)}</Text>;
  }
  const question = ` clone ${qube.name} as `;
  return (
    <Box flexDirection="column" height={height}>
      <Text bold underline>
        {fit(printable(` Clone ${qube.name}`), width, e)}
      </Text>
      <Text wrap="truncate">
        <Text bold color="cyan">
          {printable(question)}
        </Text>
        {tail(printable(state.name), Math.max(1, width - question.length - 2))}
        <Text inverse> </Text>
      </Text>
      <Text color={problem === null ? undefined : 'redBright'} dimColor={problem === null} wrap="truncate">
        {fit(printable(problem === null ? ' ok' : ` ! ${problem}`), width, e)}
      </Text>
      <FormFooter note={state.note} hint="Enter: clone  Esc: cancel" width={width} ellipsis={e} />
    </Box>
  );
}

export const cloneView: InfoView = {
  name: 'clone',
  key: 'c',
  title: 'Clone',
  help: 'clone the qube under the cursor under a new name',
  viewKeys: [{ keys: 'Enter', help: 'clone (when the name is ok)' }],
  Component: CloneView,
};
