// A slow producer for the pipe tests: writes a file to stdout in chunks with a pause between them,
// as kubectl or helm do when they stream; the first chunk too comes after a pause, so the reader
// finds the pipe empty. Usage: node slow-producer.js FILE CHUNK_BYTES DELAY_MS
const fs = require('fs');
const [file, chunkArg, delayArg] = process.argv.slice(2);
const data = fs.readFileSync(file);
const chunk = Number(chunkArg);
const delay = Number(delayArg);
let offset = 0;
function next() {
  if (offset >= data.length) return;
  const part = data.subarray(offset, offset + chunk);
  offset += chunk;
  process.stdout.write(part, () => setTimeout(next, delay));
}
setTimeout(next, delay);
