"""Where things are on a news page, and what CMS JSON fields are called.

Module-level tables, like trafilatura's xpaths.py: extend them, don't add ``if``s.
"""

# Summary boxes, non-content and live tickers: data/pages/rules.toml (ingest/pagerules.py).

# The lead (standfirst) paragraph, first match wins. trafilatura keeps it in the
# body on some pages and drops it on others, so it is read separately.
LEAD_XPATHS = (
    "//*[@itemprop='description' and not(self::meta)]",
    "//*[contains(@class, 'article-lead') or contains(@class, 'article__lead')]",
    "//*[self::p or self::div][contains(concat(' ', normalize-space(@class), ' '), ' lead ')]",
    "//*[self::p or self::div][contains(@class, 'lead') or contains(@class, 'standfirst')]",
    "//*[self::p or self::div][contains(@class, 'intro') or contains(@class, 'teaser')]",
    "//article//header//p",
    # a first paragraph set in bold, as tagesschau.de writes its lead
    "(//article//p[strong and normalize-space(.) = normalize-space(strong)])[1]",
)

CAPTION_XPATHS = ("//figure//figcaption", "//*[contains(@class, 'caption')][not(ancestor::figcaption)]")
CREDIT_XPATHS = (
    ".//*[contains(@class, 'credit') or contains(@class, 'copyright') or contains(@class, 'source')]",
    ".//small",
    ".//cite",
)
# Credit written inline at the end of a caption: "… Foto: Keystone"
CREDIT_PREFIXES = ("Foto:", "Fotos:", "Bild:", "Bilder:", "Quelle:", "Video:", "©")

# CMS JSON: our field name -> the names other systems use for it.
JSON_FIELD_ALIASES = {
    "id": ("id", "article_id", "articleId", "uuid", "guid", "slug"),
    "title": ("title", "headline", "name", "titel"),
    "lead": ("lead", "teaser", "standfirst", "description", "abstract", "intro", "subtitle"),
    "text": ("text", "body", "content", "articleBody", "article_body", "paragraphs"),
    "url": ("url", "link", "canonical_url", "permalink"),
    "published": ("published", "date", "datePublished", "date_published", "published_at", "pubDate"),
    "author": ("author", "authors", "byline"),
    "captions": ("captions", "picture_captions", "images", "image_captions"),
    "language": ("language", "lang", "inLanguage"),
    "reference": ("summary", "bullets", "darum_gehts"),
}

# Allowed Content-Types for http(s) sources, and the format each one means.
CONTENT_TYPES = {
    "text/html": "html",
    "application/xhtml+xml": "html",
    "application/json": "json",
    "application/x-ndjson": "jsonl",
    "application/jsonl": "jsonl",
    "text/plain": "text",
    "text/markdown": "text",
    "application/rss+xml": "feed",
    "application/atom+xml": "feed",
    "application/rdf+xml": "feed",
    "application/xml": "feed",
    "text/xml": "feed",
}

# File name endings and the format they mean.
EXTENSIONS = {
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".jsonl.gz": "jsonl",
    ".txt": "text",
    ".md": "text",
    ".markdown": "text",
    ".rss": "feed",
    ".atom": "feed",
    ".xml": "feed",
}

# What a binary file is, by its first bytes, for the error message («report.pdf is a PDF, not …»).
MAGIC_BYTES = {
    b"%PDF": "a PDF",
    b"PK\x03\x04": "a ZIP archive (or a Word or OpenDocument file)",
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"\x1f\x8b": "gzip-compressed data (only .jsonl.gz is read compressed)",
    b"\xd0\xcf\x11\xe0": "an old Microsoft Office file",
}
