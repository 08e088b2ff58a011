// The JSON API, with the one error shape turned into an Error carrying its code.

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

export async function getJson(path) {
  const response = await fetch(path, { headers: { Accept: "application/json" } });
  let body = null;
  try {
    body = await response.json();
  } catch {
    body = null;
  }
  if (!response.ok) {
    const error = (body && body.error) || {};
    throw new ApiError(response.status, error.code || "http_error", error.message || `HTTP ${response.status}`);
  }
  return body;
}

const articleCache = new Map();

export function getArticle(articleId) {
  if (!articleCache.has(articleId)) {
    const request = getJson(`/api/articles/${encodeURIComponent(articleId)}`);
    request.catch(() => articleCache.delete(articleId));
    articleCache.set(articleId, request);
  }
  return articleCache.get(articleId);
}

let basemap = null;

export function getBasemap() {
  if (!basemap) basemap = getJson("/static/world-110m.json");
  return basemap;
}
