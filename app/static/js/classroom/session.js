// Classroom mode, every page: the sign-out button in the header.
import { api } from "../api.js";

document.querySelector("[data-action=sign-out]")?.addEventListener("click", async () => {
  await api.post("/api/auth/logout");
  location.assign("/login");
});
