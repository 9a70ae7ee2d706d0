import { saveUser } from "./api";

export function onClick(): void {
  saveUser("ada");
}
