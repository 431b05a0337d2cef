/**
 * The policy tester: service[+argument], source and target typed into a
 * small form; Enter asks `policy-eval` and shows the decision with the file
 * and line that decided it, as `qrexec-policy` would have.
 */
import type { Key } from 'ink';
import { Box, Text } from 'ink';
import { useState } from 'react';
import type { ConsoleApi } from '../console-api.js';
import { lineEdit } from '../line-editor.js';
import { fit, printable, tail } from '../printable.js';
import { useRefState } from '../use-ref-state.js';
import type { PolicyDecision } from './policy-data.js';
import { actionColor, decodeDecision } from './policy-data.js';
import type { Loaded } from './use-command-data.js';
import { readCommand } from './use-command-data.js';

const FIELDS = [
  { name: 'service', label: 'service[+arg]' },
  { name: 'source', label: 'source' },
  { name: 'target', label: 'target' },
] as const;

export type TesterFields = Record<(typeof FIELDS)[number]['name'], string>;

const LABEL_WIDTH = 15;
/** The form, a blank, and the decision's three lines. */
export const TESTER_LINES = FIELDS.length + 5;

export interface PolicyTester {
  fields: TesterFields;
  focus: number;
  result: Loaded<PolicyDecision> | null;
  /** Every key while the tester is open; false for Esc, which closes it. */
  key(input: string, key: Key): boolean;
}

export function usePolicyTester(api: ConsoleApi, initial: TesterFields): PolicyTester {
  const [fields, setFields, fieldsRef] = useRefState(initial);
  const [focus, setFocus, focusRef] = useRefState(0);
  const [result, setResult] = useState<Loaded<PolicyDecision> | null>(null);

  const decide = (f: TesterFields): void => {
    setResult({ kind: 'loading' });
    void readCommand(api, ['policy-eval', f.service, f.source, f.target], decodeDecision).then(setResult);
  };

  return {
    fields,
    focus,
    result,
    key(input, key) {
      const move = (d: number): void => setFocus((focusRef.current + d + FIELDS.length) % FIELDS.length);
      if (key.tab) {
        move(key.shift ? -1 : 1);
        return true;
      }
      const name = FIELDS[focusRef.current]?.name ?? 'service';
      const edit = lineEdit(fieldsRef.current[name], input, key);
      switch (edit?.kind) {
        case 'cancel':
          return false;
        case 'history':
          move(edit.direction);
          return true;
        case 'text':
          setFields({ ...fieldsRef.current, [name]: edit.text });
          return true;
        case 'submit': {
          const next = { ...fieldsRef.current, [name]: edit.text };
          setFields(next);
          decide(next);
          return true;
        }
        default:
          return true;
      }
    },
  };
}

function DecisionLines({ result, width, ellipsis }: { result: Loaded<PolicyDecision> | null; width: number; ellipsis: string }) {
  if (result === null) return <Text dimColor>{fit(' Enter decides; Tab moves between the fields; Esc closes the tester', width, ellipsis)}</Text>;
  if (result.kind === 'loading') return <Text dimColor>{` deciding ${ellipsis}`}</Text>;
  if (result.kind === 'error') {
    return (
      <Text color="redBright" wrap="truncate">
        {fit(printable(` ${result.message}`), width, ellipsis)}
      </Text>
    );
  }
  const d = result.data;
  const where = d.file === null ? 'no rule matched' : `${d.file}:${d.line ?? 0}`;
  return (
    <Box flexDirection="column">
      <Text wrap="truncate">
        {' '}
        <Text bold color={actionColor(d.action)}>
          {d.action}
        </Text>
        {fit(printable(`${d.target === null ? '' : ` ${d.target}`}  decided by ${where}`), Math.max(1, width - d.action.length - 1), ellipsis)}
      </Text>
      <Text wrap="truncate">{fit(printable(` rule:   ${d.rule ?? '-'}`), width, ellipsis)}</Text>
      <Text dimColor wrap="truncate">
        {fit(printable(` reason: ${d.reason}`), width, ellipsis)}
      </Text>
    </Box>
  );
}

export function PolicyTesterForm({ tester, width, ellipsis }: { tester: PolicyTester; width: number; ellipsis: string }) {
  const fieldWidth = Math.max(8, width - LABEL_WIDTH - 3);
  return (
    <Box flexDirection="column" height={TESTER_LINES}>
      <Text bold underline>
        {' Policy tester'}
      </Text>
      {FIELDS.map((f, i) => (
        <Text key={f.name} wrap="truncate">
          <Text bold={i === tester.focus} color={i === tester.focus ? 'cyan' : undefined}>
            {` ${f.label}`.padEnd(LABEL_WIDTH)}
          </Text>
          {tail(printable(tester.fields[f.name]), fieldWidth)}
          {i === tester.focus ? <Text inverse> </Text> : null}
        </Text>
      ))}
      <Text> </Text>
      <DecisionLines result={tester.result} width={width} ellipsis={ellipsis} />
    </Box>
  );
}
