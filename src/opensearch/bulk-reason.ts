// One line on why OpenSearch refused a bulk item or request, from its error body.

export function bulkReason(body: unknown): string {
  if (typeof body === "object" && body !== null && "error" in body) {
    const error = (body as { error: unknown }).error;
    if (typeof error === "string") return error;
    if (typeof error === "object" && error !== null) {
      const { type, reason } = error as { type?: unknown; reason?: unknown };
      return `${String(type ?? "error")}: ${String(reason ?? "")}`;
    }
  }
  return typeof body === "string" ? body.slice(0, 500) : JSON.stringify(body ?? null).slice(0, 500);
}
