// A small Express-style app without Express: loads its "modules" for a moment, then connects to
// Redis at the host it was written for. The compose file renamed that service to `cache`.
const http = require("node:http");
const net = require("node:net");

const redisHost = process.env.REDIS_HOST || "redis";

setTimeout(() => {
  const redis = net.createConnection({ host: redisHost, port: 6379 });
  redis.on("error", (error) => {
    // ioredis and node-redis rethrow like this when nobody listens for "error".
    throw error;
  });
  redis.on("connect", () => {
    http.createServer((req, res) => res.end(`hello from ${process.env.NAME}\n`)).listen(3000, () => console.log(`${process.env.NAME} listening on 3000`));
  });
}, 2000);
