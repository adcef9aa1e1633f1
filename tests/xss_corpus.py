"""Hostile inputs: each one tries to run `window.__xss=1` (or to load something active) if it ever reached
a page unescaped or unsanitized. Used by tests/test_xss_corpus.py through every input and output and by
the Chromium test, which checks the flag was never set."""

from __future__ import annotations

RUN = "window.__xss=1"

# Plain elements and event handlers.
ELEMENTS = [
    f"<script>{RUN}</script>",
    f"<SCRIPT>{RUN}</SCRIPT>",
    f"<script src=data:text/javascript,{RUN}></script>",
    f"<script>/*</script><script>{RUN}//*/</script>",
    f"<scr<script>ipt>{RUN}</scr</script>ipt>",
    f"<script type=module>{RUN}</script>",
    f"<<script>script>{RUN}<</script>/script>",
    f"<img src=x onerror={RUN}>",
    f'<img src="x" onerror="{RUN}">',
    f"<IMG SRC=x ONERROR={RUN}>",
    f"<img src=x onerror\n={RUN}>",
    f"<img/src=x/onerror={RUN}>",
    f"<img src=`x`onerror={RUN}>",
    f'<img """><script>{RUN}</script>">',
    "<img src=x:x onerror=eval(atob('d2luZG93Ll9feHNzPTE='))>",
    f"<svg onload={RUN}>",
    f"<svg/onload={RUN}>",
    f"<svg><script>{RUN}</script></svg>",
    f"<svg><animate onbegin={RUN} attributeName=x dur=1s>",
    f"<svg><set onbegin={RUN} attributeName=x to=1>",
    f'<svg><a xlink:href="javascript:{RUN}"><text x=20 y=20>x</text></a></svg>',
    "<svg><foreignObject><iframe srcdoc='<script>parent.__xss=1</script>'></iframe></foreignObject></svg>",
    f"<svg><style><img src=x onerror={RUN}></style></svg>",
    f'<math><mtext><table><mglyph><style><img src=x onerror="{RUN}">',
    f"<math><a xlink:href=javascript:{RUN}>x</a></math>",
    f"<math><maction actiontype=statusline xlink:href=javascript:{RUN}>x</maction></math>",
    f"<math href=javascript:{RUN}>x</math>",
    f"<iframe src=javascript:{RUN}></iframe>",
    "<iframe srcdoc=\"<script>parent.__xss=1</script>\"></iframe>",
    "<iframe src=\"data:text/html,<script>parent.__xss=1</script>\"></iframe>",
    f"<object data=javascript:{RUN}></object>",
    "<object data=\"data:text/html,<script>parent.__xss=1</script>\"></object>",
    f"<embed src=javascript:{RUN}>",
    "<embed src=\"data:image/svg+xml,<svg onload='parent.__xss=1'/>\">",
    f"<body onload={RUN}>",
    f"<body onpageshow={RUN}>",
    f"<details open ontoggle={RUN}>",
    f"<video><source onerror={RUN}></video>",
    f"<audio src=x onerror={RUN}>",
    f"<video poster=javascript:{RUN}>",
    f"<input autofocus onfocus={RUN}>",
    f"<select autofocus onfocus={RUN}>",
    f"<textarea autofocus onfocus={RUN}>",
    f"<keygen autofocus onfocus={RUN}>",
    f"<marquee onstart={RUN}>x</marquee>",
    f"<div onmouseover={RUN}>hover</div>",
    f"<p onclick={RUN}>click</p>",
    f"<a onmouseover={RUN}>link</a>",
    f"<a href=# onfocus={RUN} autofocus>x</a>",
    f"<b onpointerenter={RUN}>bold</b>",
    f"<table background=javascript:{RUN}>",
    f"<td background=javascript:{RUN}>",
    f"<form action=javascript:{RUN}><button>go</button></form>",
    f"<button formaction=javascript:{RUN}>go</button>",
    f"<isindex action=javascript:{RUN} type=image>",
    f"<base href=javascript:{RUN}//>",
    f"<link rel=stylesheet href=javascript:{RUN}>",
    f"<link rel=import href=data:text/html,<script>{RUN}</script>>",
    f"<meta http-equiv=refresh content=\"0;url=javascript:{RUN}\">",
    f"<style>@import 'javascript:{RUN}';</style>",
    f"<style>*{{background:url(javascript:{RUN})}}</style>",
    f"<div style=\"background:url(javascript:{RUN})\">x</div>",
    f"<div style=\"width:expression({RUN})\">x</div>",
    f"<x style=\"behavior:url(#default#time2)\" onbegin={RUN}>",
    f"<frameset onload={RUN}>",
    f"<noscript><p title=\"</noscript><img src=x onerror={RUN}>\">",
    f"<template><script>{RUN}</script></template>",
    f"<noembed><img title=\"</noembed><img src=x onerror={RUN}>\"></noembed>",
    f"<xmp><img title=\"</xmp><img src=x onerror={RUN}>\"></xmp>",
    f"<plaintext><img src=x onerror={RUN}>",
    f"<title><img title=\"</title><img src=x onerror={RUN}>\"></title>",
    f"<textarea><img title=\"</textarea><img src=x onerror={RUN}>\"></textarea>",
    f"<!--<img src=\"--><img src=x onerror={RUN}//\">",
    f"<![CDATA[><img src=x onerror={RUN}>]]>",
    f"<?xml version=\"1.0\"?><img src=x onerror={RUN}>",
    f"<form><math><mtext></form><form><mglyph><svg><mtext><style><path id=\"</style><img onerror={RUN} src>\">",
    f"<a href=\"https://example.org\" onclick={RUN}>fine link, bad handler</a>",
]

# Schemes, obfuscated; each goes into an HTML link, a markdown link and a markdown image.
SCHEMES = [
    f"javascript:{RUN}",
    f"JaVaScRiPt:{RUN}",
    f" javascript:{RUN}",
    f"java\tscript:{RUN}",
    f"java\nscript:{RUN}",
    f"java&#x09;script:{RUN}",
    f"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;{RUN}",
    f"&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;{RUN}",
    f"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116:{RUN}",
    f"javascript&colon;{RUN}",
    f"jav&#x0D;ascript:{RUN}",
    f"\x01javascript:{RUN}",
    f"javascript://%0a{RUN}",
    "data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==",
    f"data:text/html,<script>{RUN}</script>",
    f"DATA:text/html,<script>{RUN}</script>",
    f"vbscript:{RUN}",
    f"livescript:{RUN}",
    f"\u200bjavascript:{RUN}",
    f"javascript\u0000:{RUN}",
]


def _scheme_variants(scheme: str) -> list[str]:
    return [
        f'<a href="{scheme}">link</a>',
        f"[link]({scheme.replace(' ', '%20')})",
        f"![image]({scheme.replace(' ', '%20')})",
    ]


# Markdown's own ways to make links, images and raw HTML.
MARKDOWN = [
    f"[a](javascript:{RUN} \"title\")",
    f"[a](<javascript:{RUN}>)",
    f"[a][ref]\n\n[ref]: javascript:{RUN}",
    f"![a][img]\n\n[img]: javascript:{RUN}",
    f"<javascript:{RUN}>",
    f"[a](https://example.org\"onmouseover=\"{RUN})",
    f"![a](https://example.org/x.png\"onerror=\"{RUN})",
    f"![a\"onerror=\"{RUN}](https://example.org/x.png)",
    f"[![img](x onerror={RUN})](https://example.org)",
    f"[<img src=x onerror={RUN}>](https://example.org)",
    f"[a](https://example.org) <img src=x onerror={RUN}>",
    f"```\n</code></pre><script>{RUN}</script>\n```",
    f"`<script>{RUN}</script>`",
    f"    <script>{RUN}</script>",
    f"> <script>{RUN}</script>",
    f"* <img src=x onerror={RUN}>",
    f"# <svg onload={RUN}>",
    f"| a |\n|---|\n| <img src=x onerror={RUN}> |",
    f"**<a href=javascript:{RUN}>bold</a>**",
    f"_<iframe src=javascript:{RUN}>_",
    f"[a](data:text/html,<script>{RUN}</script>)",
    f"[a](&#x6A;avascript:{RUN})",
    f"[a](javascript&#58;{RUN})",
    f"[a]( javascript:{RUN})",
    f"[a](JAVASCRIPT:{RUN})",
    f"<https://example.org/\"onmouseover=\"{RUN}>",
    f"[a](#\"onclick=\"{RUN})",
    f"@<img src=x onerror={RUN}>",
    f"#tag<script>{RUN}</script>",
]

# Broken nesting and attribute escapes, aimed at attributes, titles and JSON in the page.
BREAKOUTS = [
    f"\"><script>{RUN}</script>",
    f"'><script>{RUN}</script>",
    f"\" onmouseover=\"{RUN}",
    f"' onmouseover='{RUN}",
    f"\" autofocus onfocus=\"{RUN}",
    f"</title><script>{RUN}</script>",
    f"</textarea><script>{RUN}</script>",
    f"</script><script>{RUN}</script>",
    f"</style><script>{RUN}</script>",
    f"--></script><script>{RUN}</script>",
    f"\\\"}}}});{RUN};//",
    f"';{RUN};//",
    f"\";{RUN};//",
    f"${{{RUN}}}",
    f"{{{{constructor.constructor('{RUN}')()}}}}",
    f"<a href=\"x\"><a href=\"javascript:{RUN}\">nested</a></a>",
    f"<b><i><u onclick={RUN}>unclosed",
    f"<div><p></div><img src=x onerror={RUN}></p>",
    f"<table><tr><td></table><img src=x onerror={RUN}>",
    f"<a href='x'/onclick={RUN}>x</a>",
    f"<img src=x onerror={RUN}//",
    f"<img src=x onerror={RUN} ",
    f"<scr\x00ipt>{RUN}</scr\x00ipt>",
    f"<a\u00a0onclick={RUN}>x</a>",
]

# Unicode tricks: look-alikes, full-width brackets, direction overrides, zero-width characters.
UNICODE = [
    f"\uff1cscript\uff1e{RUN}\uff1c/script\uff1e",
    f"\u3008script\u3009{RUN}\u3008/script\u3009",
    f"<scr\u200bipt>{RUN}</scr\u200bipt>",
    f"<img src=x \u200bonerror={RUN}>",
    f"\u202e<script>{RUN}</script>\u202c",
    f"<a href=\"java\u2028script:{RUN}\">x</a>",
    f"<a href=\"\u0000javascript:{RUN}\">x</a>",
    f"<\u0131mg src=x onerror={RUN}>",
    f"<script\u00a0>{RUN}</script>",
    f"\ufeff<script>{RUN}</script>",
    f"%3Cscript%3E{RUN}%3C/script%3E",
    f"&lt;script&gt;{RUN}&lt;/script&gt;",
    f"&amp;lt;script&amp;gt;{RUN}&amp;lt;/script&amp;gt;",
    f"\\u003cscript\\u003e{RUN}\\u003c/script\\u003e",
    f"\\x3cscript\\x3e{RUN}\\x3c/script\\x3e",
]

PAYLOADS: list[str] = list(dict.fromkeys(
    ELEMENTS + [variant for scheme in SCHEMES for variant in _scheme_variants(scheme)] + MARKDOWN + BREAKOUTS
    + UNICODE))

assert len(PAYLOADS) >= 150, len(PAYLOADS)


def packed(limit: int, separator: str = " ") -> list[list[str]]:
    """The corpus in groups whose joined length fits a field of `limit` characters (a longer payload
    alone in its group, cut to fit): every payload whole in one short field, with few rows."""
    groups: list[list[str]] = [[]]
    for payload in PAYLOADS:
        if groups[-1] and len(separator.join(groups[-1] + [payload])) > limit:
            groups.append([])
        groups[-1].append(payload)
    return groups

