/**
 * `n`: the create form (qvm-create). Each field is checked as it is typed and
 * its problem shown beside it; Enter runs `create` only when none has one, and
 * the daemon's answer shows on the app's message line.
 */
import type { Key } from 'ink';
import { Box, Text } from 'ink';
import { lineEdit } from '../line-editor.js';
import { fit, printable, tail } from '../printable.js';
import { useRefState } from '../use-ref-state.js';
import type { CreateFieldName, CreateValues } from './create-form.js';
import { choicesOf, createArgv, createChoices, CREATE_FIELDS, formProblems, initialValues, TEXT_FIELDS } from './create-form.js';
import type { FormNote } from './form-footer.js';
import { FormFooter } from './form-footer.js';
import type { InfoView, ViewProps } from './info-view.js';

const LABEL_WIDTH = 12;
const VALUE_WIDTH = 24;

interface FormState {
  values: CreateValues;
  focus: number;
  /** What the last Enter did, for the line under the form. */
  note: FormNote | null;
}

function cycle(list: readonly string[], current: string, step: number): string {
  if (list.length === 0) return current;
  const at = list.indexOf(current);
  return list[(((at < 0 ? 0 : at + step) % list.length) + list.length) % list.length] ?? current;
}

function shownValue(field: CreateFieldName, values: CreateValues): string {
  if (field === 'template' && values.class !== 'AppVM') return '- (AppVM only)';
  if (field === 'memory' && values.memory === '') return '';
  return values[field];
}

function CreateView({ api, theme, width, height, keys, run }: ViewProps) {
  const snap = api.snapshot();
  const choices = createChoices(snap.qubes, snap.host.totalMemMiB);
  const [state, setState, ref] = useRefState<FormState>({ values: initialValues(choices), focus: 0, note: null });
  const problems = formProblems(state.values, choices);
  const e = theme.glyphs.ellipsis;

  keys.current = (input: string, key: Key): boolean => {
    const now = ref.current;
    const field = CREATE_FIELDS[now.focus] ?? 'name';
    const move = (d: number): void => setState({ ...now, focus: (now.focus + d + CREATE_FIELDS.length) % CREATE_FIELDS.length });
    if (key.escape) return false;
    if (key.upArrow || (key.tab && key.shift)) {
      move(-1);
      return true;
    }
    if (key.downArrow || key.tab) {
      move(1);
      return true;
    }
    if (key.return) {
      const wrong = formProblems(now.values, choices);
      const first = CREATE_FIELDS.find((f) => wrong[f] !== undefined);
      if (first !== undefined) {
        setState({ ...now, focus: CREATE_FIELDS.indexOf(first), note: { text: `not created: ${first} ${wrong[first] ?? ''}`, refused: true } });
        return true;
      }
      const argv = createArgv(now.values);
      setState({ ...now, note: { text: `ran: ${argv.join(' ')}  (Esc: back to the table)`, refused: false } });
      void run(argv);
      return true;
    }
    if (key.leftArrow || key.rightArrow) {
      const next = cycle(choicesOf(field, now.values, choices), now.values[field], key.rightArrow ? 1 : -1);
      setState({ ...now, values: { ...now.values, [field]: next } });
      return true;
    }
    if (!TEXT_FIELDS.has(field)) return true;
    const edit = lineEdit(now.values[field], input, key);
    if (edit?.kind === 'text') setState({ ...now, values: { ...now.values, [field]: edit.text }, note: null });
    return true;
  };

  return (
    <Box flexDirection="column" height={height}>
      <Text bold underline>
        {' Create a qube'}
      </Text>
      {CREATE_FIELDS.map((f, i) => {
        const focused = i === state.focus;
        const isText = TEXT_FIELDS.has(f);
        const value = shownValue(f, state.values);
        const problem = problems[f];
        const text = isText ? tail(printable(value), VALUE_WIDTH - 2) : `< ${fit(printable(value), VALUE_WIDTH - 6, e)} >`;
        const cursor = focused && isText;
        return (
          <Text key={f} wrap="truncate">
            <Text bold={focused} color={focused ? 'cyan' : undefined}>
              {` ${f}`.padEnd(LABEL_WIDTH)}
            </Text>
            {text}
            {cursor ? <Text inverse> </Text> : null}
            {' '.repeat(Math.max(1, VALUE_WIDTH - text.length - (cursor ? 1 : 0)))}
            {problem === undefined ? (
              <Text dimColor>{f === 'memory' && value === '' ? 'MiB (empty: the default)' : 'ok'}</Text>
            ) : (
              <Text color="redBright">{fit(printable(`! ${problem}`), Math.max(4, width - LABEL_WIDTH - VALUE_WIDTH - 2), e)}</Text>
            )}
          </Text>
        );
      })}
      <Text> </Text>
      <FormFooter note={state.note} hint="Up/Down/Tab: field  Left/Right: choice  type: name, memory  Enter: create  Esc: cancel" width={width} ellipsis={e} />
    </Box>
  );
}

export const createView: InfoView = {
  name: 'create',
  key: 'n',
  title: 'Create',
  help: 'create a qube: name, class, template, label, netvm, memory',
  viewKeys: [
    { keys: 'Up Down Tab', help: 'move between the fields' },
    { keys: 'Left Right', help: 'the next / previous choice' },
    { keys: 'Enter', help: 'create (when every field is ok)' },
  ],
  Component: CreateView,
};
