// Serving a Hono app on a port with @hono/node-server: a busy or forbidden port becomes a StartupError naming PORT,
// and close() does not wait for long-lived connections (event streams, keep-alive).
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Hono } from "hono";
import { StartupError } from "../app.ts";

export interface HttpListener {
  port: number;
  close(): Promise<void>;
}

export async function listenHttp(app: Hono, port: number, hostname: string): Promise<HttpListener> {
  const server = await new Promise<Server>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port, hostname }, () => resolve(s as Server)) as Server;
    s.once("error", (error: NodeJS.ErrnoException) => reject(portProblem(error, port)));
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function portProblem(error: NodeJS.ErrnoException, port: number): Error {
  if (error.code === "EADDRINUSE") {
    return new StartupError(`Port ${port} is already in use. Set PORT to a free port, e.g. PORT=${port === 8080 ? 8081 : 8080} npm start (PORT=0 picks any free port).`);
  }
  if (error.code === "EACCES") {
    return new StartupError(`Port ${port} needs privileges this process does not have. Set PORT to a number above 1024, e.g. PORT=8080 npm start.`);
  }
  return new StartupError(`Cannot listen on port ${port}: ${error.message}. Set PORT to another port.`);
}
