// Opened from disk (file://), the browser refuses the fetch() that Sphinx uses to load each
// search result's summary: every result would log a CORS error and show no summary.
// Offline, show titles only; over http(s), summaries as usual.
if (window.location.protocol === "file:" && typeof DOCUMENTATION_OPTIONS !== "undefined") {
  DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY = false;
}
