// One run's events as the page sees them: follow the websocket, and after a
// lost connection reconnect with ?after=<last seq seen>, so nothing is missed
// or seen twice.

const TERMINAL = new Set(["succeeded", "failed", "cancelled", "interrupted"]);

export class RunWatcher {
  constructor({ onEvent, onReconnecting }) {
    this.onEvent = onEvent;
    this.onReconnecting = onReconnecting;
    this.socket = null;
  }

  follow(runId) {
    this.stop();
    this.runId = runId;
    this.lastSeq = 0;
    this.ended = false;
    this.retries = 0;
    this.connect();
  }

  connect() {
    const scheme = location.protocol === "https:" ? "wss:" : "ws:";
    const socket = new WebSocket(`${scheme}//${location.host}/ws/runs/${this.runId}?after=${this.lastSeq}`);
    this.socket = socket;
    socket.onmessage = (message) => {
      const event = JSON.parse(message.data);
      if (event.seq <= this.lastSeq) return;
      this.lastSeq = event.seq;
      this.retries = 0;
      if (event.type === "status" && TERMINAL.has(event.status)) this.ended = true;
      this.onEvent(event);
    };
    socket.onclose = () => {
      if (this.socket !== socket || this.ended) return;
      this.onReconnecting();
      const delay = Math.min(500 * 2 ** this.retries++, 8000);
      this.timer = setTimeout(() => this.connect(), delay);
    };
  }

  stop() {
    clearTimeout(this.timer);
    if (this.socket) {
      const socket = this.socket;
      this.socket = null;
      socket.close();
    }
  }
}

export { TERMINAL };
