import { io } from "socket.io-client";
import type { NoteEvent } from "./api.js";

export interface LiveHandlers {
  onConnect: () => void;
  onDisconnect: () => void;
  onNote: (event: NoteEvent) => void;
}

/**
 * Websocket only (no long-polling fallback): any backend replica can take the connection, so
 * no sticky sessions are needed behind nginx. Socket.IO reconnects by itself after a restart.
 */
export function connectLive(handlers: LiveHandlers): void {
  const socket = io({ transports: ["websocket"] });
  socket.on("connect", handlers.onConnect);
  socket.on("disconnect", handlers.onDisconnect);
  socket.on("note:created", handlers.onNote);
}
