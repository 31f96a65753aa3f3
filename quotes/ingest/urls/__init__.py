"""URLs as inputs: pages downloaded politely (fetch.py) and kept in the cache folder (pages.py)."""

from .fetch import USER_AGENT, Fetcher, FetchError, FetchOptions
from .pages import Page, PageCache

__all__ = ["USER_AGENT", "FetchError", "FetchOptions", "Fetcher", "Page", "PageCache"]
