import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/**
 * Asks for a password without echoing what is typed, as the ksqlDB CLI does when it is given
 * `--user` without `--password`. Resolves to the line read ('' if the input ends first).
 */
export function promptPassword(
  prompt = 'Enter password: ',
  input: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  output: NodeJS.WritableStream = process.stderr,
): Promise<string> {
  let muted = false;
  const echo = new Writable({
    write(chunk: Buffer, _encoding, done) {
      if (!muted) output.write(chunk);
      done();
    },
  });
  const rl = createInterface({ input, output: echo, terminal: input.isTTY === true });
  return new Promise((resolve) => {
    let answered = false;
    rl.question(prompt, (answer) => {
      answered = true;
      rl.close();
      output.write('\n');
      resolve(answer);
    });
    muted = true;
    rl.on('close', () => answered || resolve(''));
  });
}
