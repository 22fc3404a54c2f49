"""What every audience's pages share: error pages, translations, security headers and rate
limits, templating helpers, the offline layer."""
