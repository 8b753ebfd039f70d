"""Where things are on a news page, and what CMS JSON fields are called.

Module-level tables, like trafilatura's xpaths.py: extend them, don't add ``if``s.
"""

# An existing summary box ("Darum gehts", "Das Wichtigste in Kürze"). Its items
# are read out as a reference and the box is removed from the summarizer's input.
SUMMARY_BOX_XPATHS = (
    "//*[@data-darumgehts]",
    "//darumgehts-box",
    "//*[contains(concat(' ', normalize-space(@class), ' '), ' darumgehts ')]",
    "//*[contains(@class, 'summary-box') or contains(@class, 'key-points') or contains(@class, 'keypoints')]",
    "//*[contains(@class, 'article-summary') or contains(@class, 'ai-summary')]",
    "//*[self::section or self::aside or self::div][.//*[self::h2 or self::h3 or self::h4 or self::strong]"
    "[starts-with(normalize-space(.), 'Darum geht') or starts-with(normalize-space(.), 'Das Wichtigste')]]",
)
SUMMARY_ITEM_XPATH = ".//li"

# The lead (standfirst) paragraph, first match wins. trafilatura keeps it in the
# body on some pages and drops it on others, so it is read separately.
LEAD_XPATHS = (
    "//*[@itemprop='description' and not(self::meta)]",
    "//*[contains(@class, 'article-lead') or contains(@class, 'article__lead')]",
    "//*[self::p or self::div][contains(concat(' ', normalize-space(@class), ' '), ' lead ')]",
    "//*[self::p or self::div][contains(@class, 'lead') or contains(@class, 'standfirst')]",
    "//*[self::p or self::div][contains(@class, 'intro') or contains(@class, 'teaser')]",
    "//article//header//p",
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
