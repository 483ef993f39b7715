// The app of the swarm-up stack: answers with its greeting, its host and a counter it keeps in Redis
// (reached by the service name `store`, authenticated with the Swarm secret).
const http = require("http");
const net = require("net");
const fs = require("fs");
const os = require("os");
const password = fs.readFileSync("/run/secrets/store_password", "utf8").trim();

function redis(command) {
  return new Promise((resolve, reject) => {
    const socket = net.connect(6379, process.env.REDIS_HOST);
    let data = "";
    socket.setTimeout(2000, () => socket.destroy(new Error("redis timeout")));
    socket.on("data", (chunk) => {
      data += chunk;
      const lines = data.split("\r\n");
      if (lines.length >= 3) { socket.end(); resolve(lines[1]); }
    });
    socket.on("error", reject);
    socket.write(`AUTH ${password}\r\n${command}\r\n`);
  });
}

http.createServer(async (req, res) => {
  try {
    if (req.url === "/ready") { await redis("PING"); res.end("ready\n"); return; }
    const count = await redis("INCR hits");
    res.end(`${process.env.GREETING} | ${os.hostname()} | hits ${count.replace(/^:/, "")}\n`);
  } catch (error) {
    res.statusCode = 503;
    res.end(`not ready: ${error.message}\n`);
  }
}).listen(3000);
