// Drives `mirage mcp` with the official TypeScript SDK client: node sdk-client.mjs MIRAGE_EXECUTABLE ARG...
// Prints one JSON object: the tool names with their read-only hints, then the result of each call.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const [command, ...args] = process.argv.slice(2);
const transport = new StdioClientTransport({ command, args, stderr: "ignore" });
const client = new Client({ name: "mirage-sdk-test", version: "1.0.0" });
await client.connect(transport);

const { tools } = await client.listTools();
const calls = [
  ["write_file", { path: "/data/notes.md", content: "draft\nstatus: open\n" }],
  ["edit_file", { path: "/data/notes.md", old_string: "status: open", new_string: "status: done" }],
  ["read_file", { path: "/data/notes.md" }],
  ["edit_file", { path: "/data/notes.md", old_string: "missing text", new_string: "x" }],
  ["write_file", { path: "/docs/x.md", content: "x" }],
];
const results = [];
for (const [name, args] of calls) {
  const result = await client.callTool({ name, arguments: args });
  results.push({ name, isError: result.isError === true, text: result.content.map((c) => c.text).join("") });
}
console.log(JSON.stringify({
  instructions: client.getInstructions(),
  tools: tools.map((t) => ({ name: t.name, readOnly: t.annotations?.readOnlyHint === true })),
  results,
}));
await client.close();
