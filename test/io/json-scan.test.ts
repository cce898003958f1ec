import test from 'ava';
import fc from 'fast-check';
import { lineColumn, scanJson } from '../../io/json-scan.ts';
import { parseScenario } from '../../scenario/load.ts';
import { ScenarioError } from '../../scenario/problems.ts';

/** `line L, column C: message` of the first problem, or 'ok'. */
function scan(text: string, maxDepth = 64): string {
  const problem = scanJson(text, maxDepth);
  return problem === null ? 'ok' : `${lineColumn(text, problem.offset)}: ${problem.message}`;
}

test('each syntax error is found at its character, saying what was expected there', (t) => {
  const cases: [string, string][] = [
    ['', "line 1, column 1: expected a JSON value, found end of file"],
    ['{', "line 1, column 2: expected a property name in double quotes or '}', found end of file"],
    ['{"a":1,}', "line 1, column 8: expected a property name in double quotes after ',', found '}' (JSON allows no comma before '}')"],
    ['[1,]', "line 1, column 4: expected a value after ',', found ']' (JSON allows no comma before ']')"],
    ['{"a" 1}', "line 1, column 6: expected ':' after property name, found '1'"],
    ['{\n  "a": 1\n  "b": 2\n}', `line 3, column 3: expected ',' or '}' after property value, found '"'`],
    ['[1 2]', "line 1, column 4: expected ',' or ']' after array element, found '2'"],
    ['{"a":x}', "line 1, column 6: expected a value after ':', found 'x'"],
    ['{"a":True}', "line 1, column 6: expected a value after ':', found 'True'"],
    ['{"a":nullx}', "line 1, column 6: expected a value after ':', found 'nullx'"],
    ["{'a':1}", `line 1, column 2: expected a property name in double quotes or '}', found "'" (JSON strings need double quotes)`],
    ['// note\n{}', "line 1, column 1: expected a JSON value, found '/' (JSON has no comments)"],
    ['{"a":"b\nc"}', `line 1, column 8: expected '"' to close the string before the end of the line (write a line break in a string as \\n), found a line break`],
    ['{"a":"\tb"}', 'line 1, column 7: expected a string character, found control character U+0009 (write it as \\u0009)'],
    ['{"a":"\\q"}', `line 1, column 8: expected an escape (\\" \\\\ \\/ \\b \\f \\n \\r \\t or \\uXXXX) after '\\', found 'q'`],
    ['{"a":"\\u12g4"}', "line 1, column 11: expected 4 hex digits after '\\u', found 'g4'"],
    ['"abc', `line 1, column 5: expected '"' to close the string that starts at line 1, column 1, found end of file`],
    ['{"a":01}', "line 1, column 7: expected a number without leading zeros, found '01'"],
    ['{"a":-}', "line 1, column 7: expected a digit after '-', found '}'"],
    ['{"a":1.}', "line 1, column 8: expected a digit after '.', found '}'"],
    ['{"a":1e+}', "line 1, column 9: expected a digit in the exponent, found '}'"],
    ['{} x', "line 1, column 4: expected end of file after the top-level value, found 'x'"],
    ['{"a":NaN}', "line 1, column 6: expected a value after ':', found 'NaN'"],
    ['{"a":é}', "line 1, column 6: expected a value after ':', found 'é' (U+00E9)"],
    ['\ufeff{}', 'line 1, column 1: expected a JSON value, found a byte order mark (U+FEFF)'],
  ];
  for (const [text, expected] of cases) t.is(scan(text), expected, JSON.stringify(text));
});

test('numbers JSON.parse would make Infinity are refused at their position; tiny ones (which become 0) are not', (t) => {
  t.is(scan('{\n  "a": [1, 1e400]\n}'), 'line 2, column 12: expected a finite number, found 1e400');
  t.is(scan('[-1e400]'), 'line 1, column 2: expected a finite number, found -1e400');
  t.is(scan(`[${'9'.repeat(400)}]`), `line 1, column 2: expected a finite number, found ${'9'.repeat(37)}...`);
  t.is(scan('[1e308, 1e-400, -0, 0.5e-3, 123456789012345678901234567890]'), 'ok');
  t.is(scanJson('[1e400]', 64)?.syntax, false);
  t.is(scanJson('[1e]', 64)?.syntax, true);
});

test('nesting is bounded for arrays and objects alike, 20,000 deep included, at the first bracket too deep', (t) => {
  t.is(scan('[[[]]]', 3), 'ok');
  t.is(scan('[[[[]]]]', 3), 'line 1, column 4: expected at most 3 levels of nested arrays and objects, found more');
  t.is(scan('{"a":{"b":{"c":{}}}}', 3), 'line 1, column 16: expected at most 3 levels of nested arrays and objects, found more');
  t.is(scan('["[[[[[[", {"{{{{": 1}]', 2), 'ok');
  const arrays = '['.repeat(20_000) + ']'.repeat(20_000);
  t.is(scan(arrays), 'line 1, column 65: expected at most 64 levels of nested arrays and objects, found more');
  const objects = '{"a":'.repeat(20_000) + '1' + '}'.repeat(20_000);
  t.is(scan(objects), 'line 1, column 321: expected at most 64 levels of nested arrays and objects, found more');
  t.is(scanJson(arrays, 64)?.syntax, false);
});

test('line and column count from 1 (or from the line a JSON-lines record is on); CRLF line ends count as one line end', (t) => {
  t.is(lineColumn('abc', 0), 'line 1, column 1');
  t.is(lineColumn('a\nbc', 3), 'line 2, column 2');
  t.is(lineColumn('{"a": x}', 6, 7), 'line 7, column 7');
  t.is(lineColumn('a\nbc', 3, 7), 'line 8, column 2');
  t.is(scan('{\r\n  "a": x\r\n}'), "line 2, column 8: expected a value after ':', found 'x'");
});

test('the scanner accepts exactly what JSON.parse accepts, on generated JSON and on random text of JSON characters', (t) => {
  const agrees = (text: string): boolean => {
    const problem = scanJson(text, 1000);
    if (problem !== null && !problem.syntax) {
      // A non-finite number is valid JSON: the rest of the text must agree with it replaced by 0.
      const token = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(problem.offset))![0];
      return agrees(`${text.slice(0, problem.offset)}0${text.slice(problem.offset + token.length)}`);
    }
    let parses = true;
    try {
      JSON.parse(text);
    } catch {
      parses = false;
    }
    return parses === (problem === null);
  };
  fc.assert(
    fc.property(fc.jsonValue(), fc.constantFrom(undefined, 2, '\t'), (value, indent) => agrees(JSON.stringify(value, null, indent)) && scanJson(JSON.stringify(value), 1000) === null),
    { seed: 12, numRuns: 2000 },
  );
  const chars = fc.constantFrom(...'{}[]":,0123456789.eE+-truefalsnl \n\t\\/ux'.split(''));
  fc.assert(
    fc.property(fc.array(chars, { maxLength: 24 }), (cs) => agrees(cs.join(''))),
    { seed: 12, numRuns: 20_000 },
  );
  // Small edits of valid text: a character dropped, doubled or replaced.
  fc.assert(
    fc.property(fc.jsonValue(), fc.nat(), chars, fc.constantFrom('drop', 'double', 'replace'), (value, at, c, edit) => {
      const text = JSON.stringify(value) ?? 'null';
      const i = at % (text.length + 1);
      const edited = edit === 'drop' ? text.slice(0, i) + text.slice(i + 1) : edit === 'double' ? text.slice(0, i) + text[i] + text.slice(i) : text.slice(0, i) + c + text.slice(i + 1);
      return agrees(edited);
    }),
    { seed: 12, numRuns: 5000 },
  );
  t.pass();
});

test('parseScenario reports the scanner line: syntax errors say "invalid JSON", bounds do not', (t) => {
  const lines = (text: string): string[] => t.throws(() => parseScenario(text, 'f.json'), { instanceOf: ScenarioError }).lines();
  t.deepEqual(lines('{\n  "name": x,\n  "bounds": {},\n\n\n\n}\n'), ["f.json: line 2, column 11: invalid JSON: expected a value after ':', found 'x'"]);
  t.deepEqual(lines('{"name": "x", "bounds": {"simTimeNs": 1e400}}'), ['f.json: line 1, column 39: expected a finite number, found 1e400']);
  t.deepEqual(lines(`{"name": ${'['.repeat(100)}${']'.repeat(100)}}`), ['f.json: line 1, column 73: expected at most 64 levels of nested arrays and objects, found more']);
});
