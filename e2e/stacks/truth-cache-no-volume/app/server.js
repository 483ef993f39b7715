// Counts visits in Redis (a cache: losing it on restart is fine) and answers on 3000.
const http = require("node:http");
const net = require("node:net");

function incr(callback) {
  const redis = net.createConnection({ host: process.env.REDIS_HOST || "cache", port: 6379 });
  redis.once("error", (error) => callback(error));
  redis.once("data", (data) => {
    redis.end();
    callback(null, data.toString().trim().replace(/^:/, ""));
  });
  redis.write("INCR visits\r\n");
}

http
  .createServer((req, res) => {
    incr((error, count) => {
      if (error) {
        res.statusCode = 503;
        res.end(`redis: ${error.message}\n`);
        return;
      }
      res.end(`visit ${count}\n`);
    });
  })
  .listen(3000, () => console.log("listening on 3000"));
