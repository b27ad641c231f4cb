#!/usr/bin/env python3
"""Train sluice's line classifier (content vs noise, per line) and evaluate it with page-level
cross-validation.  Python 3 stdlib + numpy; no network; installs nothing.

The features come from sluice itself (`sluice features`, the same Swift code that runs at
classification time), so training and run time cannot disagree.  This script only labels the
lines, fits a boosted ensemble of small regression trees (hand-written, numpy), and writes the
model as text: rules/line-model.txt, compiled into sluice as
Sources/SluiceCore/Classify/BuiltInLineModel.swift.

usage:
  scripts/train-line-model.py                    # CV report, then train on all pages and write the model
  scripts/train-line-model.py --cv-only          # CV report only
  scripts/train-line-model.py --eval OUT_DIR     # CV of the real pipeline: each page (and its gold text)
                                                 # through `sluice --mode classify --line-model FOLD`
  scripts/train-line-model.py --ablation         # the ablation table of docs/CLASSIFIER.md
  scripts/train-line-model.py --stages 2         # add the second (context pass) stage

Labels: a line is content when at least half of its tokens are covered by a token 4-shingle
(over the document's token stream) that occurs in the gold text.  Tokens are the scorer's.

Lexicon: the model also holds a noise score per word (`word` lines), counted here from the
training pages' labelled lines by site (their words as sluice splits and lowercases them,
`sluice features --words`); sluice computes the lexicon features from it.  Inside a
training set, each page's lexicon features come from a table built without its inner fold
(stacking), so the trees never see a score that counted the page's own lines.

CV: pages are split into K folds (default 5) by a fixed shuffle of their names; each page is
classified by the model trained on the other folds; the outputs are scored with the official
scorer (shared/eval/score.py).  See docs/CLASSIFIER.md.
"""
import argparse
import hashlib
import importlib.util
import json
import os
import subprocess
import sys
import tempfile
import urllib.parse
from types import SimpleNamespace

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_DEV = os.path.join(os.path.dirname(ROOT), "shared", "eval", "dev")
MODEL_TXT = os.path.join(ROOT, "rules", "line-model.txt")
MODEL_SWIFT = os.path.join(ROOT, "Sources", "SluiceCore", "Classify", "BuiltInLineModel.swift")

# Feature groups in the order the ablation adds them (names from FeatureExtractor.groups).
ABLATION = ["length", "stopwords", "punctuation", "shape", "context", "link-list run",
            "position", "main region", "document", "segment", "lexicon"]
# The groups the built-in model uses. The document-level group costs about 0.002 F1 in CV (see
# the ablation in docs/CLASSIFIER.md, within noise) but halves the words lost when clean text
# comes in (macro 3.1% to 1.5%), so it stays.
DEFAULT_GROUPS = list(ABLATION)

# Hyperparameters (chosen by CV on the page folds, never per page).
PARAMS = dict(trees=100, depth=6, rate=0.1, l2=1.0, min_hess=2.0, bins=64)
STAGES = 1
THRESHOLD = 0.4
# Neighbours (the model's `smooth` and `fill`, docs/CLASSIFIER.md): the score that decides is
# (1 - SMOOTH) x own + SMOOTH x the mean of the previous and next text lines' scores (inside the
# block: a neighbour across a blank line counts as the line itself); then a run
# of at most FILL_LINES dropped lines between kept ones is kept when all its scores reach FILL_FLOOR.
SMOOTH = 0.2
FILL_LINES, FILL_FLOOR = 5, 0.1
# The fallback (the model's `fallback`): when the kept lines hold at most this share of a page's
# words, the page's main region (`in_main`) is kept too.
FALLBACK = 0.1
# The title (the model's `title`): the line just above the first kept one (nothing or one blank
# line between them) is kept when it has TITLE_WORDS words and its (smoothed) score reaches this.
TITLE = 0.3
TITLE_WORDS = (4, 25)
# The gold texts themselves, fed in as documents whose every line is content, teach the model
# to leave clean text alone; each weighs this much against its scraped page.
GOLD_WEIGHT = 1.0
# Train mainly on the lines the rules leave (what the classifier judges at run time); the lines
# the rules remove keep this fraction of their weight.
SURVIVORS = False
SURVIVOR_RULED_WEIGHT = 0.1
# The lexicon (docs/CLASSIFIER.md): a word's score is log((noise sites + A) / (content sites + A)),
# counted over the training sites (a site counts once however many pages and lines it has); a
# word seen on fewer than LEX_MIN_SITES sites scores 0 (is left out of the table).
LEX_FEATURES = ("lex_mean", "lex_max", "lex_min")
LEX_MIN_SITES = 3
LEX_SMOOTH = 2.0
LEX_INNER_FOLDS = 5


# ---------------------------------------------------------------- data

def find_dev(path):
    if path:
        return path
    for p in (DEFAULT_DEV, "/work/shared/eval/dev"):
        if os.path.isdir(p):
            return p
    sys.exit("no dev set: pass --dev DIR")


def load_scorer(dev):
    path = os.path.join(os.path.dirname(os.path.abspath(dev)), "score.py")
    spec = importlib.util.spec_from_file_location("score", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod, path


def sluice_binary(build=True):
    exe = os.path.join(ROOT, ".build", "release", "sluice")
    if build:
        newest = 0.0
        for d, _, files in os.walk(os.path.join(ROOT, "Sources")):
            for f in files:
                newest = max(newest, os.path.getmtime(os.path.join(d, f)))
        if not os.path.exists(exe) or os.path.getmtime(exe) < newest:
            print("building release sluice ...", file=sys.stderr)
            subprocess.run(["swift", "build", "-c", "release", "--product", "sluice"], cwd=ROOT,
                           check=True, stdout=sys.stderr)
    return exe


class Page:
    __slots__ = ("name", "lang", "path", "rows", "text", "X", "y", "w", "tokens", "ruled", "site",
                 "noise_words", "content_words", "words", "in_main")


def site_of(url):
    """The registered domain of a page's address (two labels, three under co.uk, com.br …)."""
    parts = (urllib.parse.urlparse(url).hostname or "").lower().split(".")
    if len(parts) >= 3 and len(parts[-1]) == 2 and parts[-2] in ("co", "com", "org", "net", "ac", "gov", "ne",
                                                                  "or", "go"):
        return ".".join(parts[-3:])
    return ".".join(parts[-2:])


def read_features(exe, paths, extra=()):
    """Runs `sluice features` on the paths; returns (feature names, {path: (X, texts, words)}),
    `words` being each line's words as the lexicon looks them up (`--words` in `extra`: the
    trainer never splits or folds a word itself) or None."""
    out = subprocess.run([exe, "features", *extra, *paths], check=True, stdout=subprocess.PIPE).stdout
    lines = out.decode("utf-8").split("\n")
    header = lines[0].split("\t")
    has_words = header[-2] == "words"
    names = header[2:-2] if has_words else header[2:-1]
    by_file = {}
    for line in lines[1:]:
        if not line:
            continue
        parts = line.split("\t")
        f = parts[0]
        text = parts[-1].replace("\\t", "\t").replace("\\\\", "\\")
        by_file.setdefault(f, ([], [], []))
        by_file[f][0].append(parts[2:2 + len(names)])
        by_file[f][1].append(text)
        by_file[f][2].append(parts[-2].split() if has_words else None)
    result = {}
    for f, (rows, texts, words) in by_file.items():
        X = np.array(rows, dtype=np.float32).reshape(len(rows), len(names))
        result[f] = (X, texts, words if has_words else None)
    return names, result


def label_page(scorer, texts, gold_text):
    """Per line: (label 0/1, token count). See the module docstring."""
    toks = [scorer.tokenize(t) for t in texts]
    stream = [t for ts in toks for t in ts]
    gold = scorer.tokenize(gold_text)
    n = scorer.SHINGLE_N
    covered = np.zeros(len(stream), dtype=bool)
    if len(gold) < n:
        gset = {tuple(gold)}
        k = len(gold)
        for i in range(len(stream) - k + 1 if k else 0):
            if tuple(stream[i:i + k]) in gset:
                covered[i:i + k] = True
    else:
        gset = set(tuple(gold[i:i + n]) for i in range(len(gold) - n + 1))
        for i in range(len(stream) - n + 1):
            if tuple(stream[i:i + n]) in gset:
                covered[i:i + n] = True
    labels, counts = [], []
    pos = 0
    for ts in toks:
        k = len(ts)
        c = covered[pos:pos + k].sum() if k else 0
        labels.append(1 if k and c * 2 >= k else 0)
        counts.append(k)
        pos += k
    return np.array(labels, dtype=np.float32), np.array(counts, dtype=np.float32)


def ruled_lines(exe, path, texts, tmp):
    """Which of a document's lines the default rules remove (so the classifier never judges
    them): `sluice --explain-file` on the document, its whole-line removals matched to the
    feature rows by text, in order."""
    log = os.path.join(tmp, "explain.jsonl")
    with open(path, "rb") as fin:
        subprocess.run([exe, "--explain-file", log], stdin=fin, stdout=subprocess.DEVNULL, check=True)
    ruled = np.zeros(len(texts), dtype=bool)
    at = 0
    with open(log, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            if r["action"] in ("strip", "replace"):
                continue
            j = at
            while j < len(texts) and texts[j] != r["text"]:
                j += 1
            if j < len(texts):
                ruled[j] = True
                at = j + 1
    return ruled


def load_pages(dev, exe, scorer, inputs_suffix=".input.txt", gold_as_input=False, survivors=False):
    meta = {}
    with open(os.path.join(dev, "meta.jsonl"), encoding="utf-8") as f:
        for line in f:
            if line.strip():
                j = json.loads(line)
                meta[j["name"]] = j
    names = sorted(n[:-len(".gold.txt")] for n in os.listdir(dev) if n.endswith(".gold.txt"))
    suffix = ".gold.txt" if gold_as_input else inputs_suffix
    paths = [os.path.join(dev, n + suffix) for n in names]
    # No lexicon here (its features 0): the built-in model's was counted on these very pages.
    # The Trainer fills the lexicon features from tables that did not see the page.
    with tempfile.TemporaryDirectory() as tmp:
        empty = os.path.join(tmp, "no-lexicon.txt")
        with open(empty, "w") as f:
            f.write("sluice-line-model 1\n")
        fnames, feats = read_features(exe, paths, ("--lexicon", empty, "--words"))
    pages = []
    for name, path in zip(names, paths):
        p = Page()
        p.name, p.path = name, path
        p.lang = meta.get(name, {}).get("lang", "?")
        X, texts, line_words = feats.get(path, (np.zeros((0, len(fnames)), np.float32), [], []))
        with open(os.path.join(dev, name + ".gold.txt"), encoding="utf-8", errors="replace") as f:
            gold = f.read()
        y, counts = label_page(scorer, texts, gold)
        keep = np.array([bool(t) for t in texts], dtype=bool)  # blank lines: no decision
        p.rows = np.nonzero(keep)[0]
        p.text = texts
        p.X, p.y, p.tokens = X[keep], y[keep], counts[keep]
        # sluice's own word counts (words_log = log2(1 + words)) and main region, for the fallback.
        p.words = np.rint(np.exp2(p.X[:, fnames.index("words_log")].astype(np.float64)) - 1).astype(np.int64)
        p.in_main = p.X[:, fnames.index("in_main")] > 0
        p.site = site_of(meta.get(name, {}).get("url", name))
        # The words of the noise lines, and of the content lines (a gold text fed back: all).
        words = [set(line_words[r]) for r in p.rows]
        content = p.y > 0 if not gold_as_input else np.ones(len(p.rows), dtype=bool)
        p.noise_words = set().union(*(ws for ws, c in zip(words, content) if not c))
        p.content_words = set().union(*(ws for ws, c in zip(words, content) if c))
        p.ruled = np.zeros(len(p.rows), dtype=bool)
        if survivors:
            with tempfile.TemporaryDirectory() as tmp:
                p.ruled = ruled_lines(exe, path, texts, tmp)[keep]
        # Each page weighs the same in total (the score is a macro average over pages);
        # within a page a line weighs its tokens (plus one, so empty lines count a little).
        # With `survivors`, the lines the rules remove weigh little: at run time the
        # classifier only decides what the rules leave.
        w = (counts[keep] + 1.0) * np.where(p.ruled, SURVIVOR_RULED_WEIGHT, 1.0)
        p.w = (w / w.sum() * 100.0).astype(np.float32) if w.size else w
        pages.append(p)
    return fnames, pages


def folds_of(pages, k, seed="sluice"):
    order = sorted(range(len(pages)),
                   key=lambda i: hashlib.sha1((seed + pages[i].name).encode()).hexdigest())
    fold = np.zeros(len(pages), dtype=int)
    for r, i in enumerate(order):
        fold[i] = r % k
    return fold


def build_lexicon(pages, golds):
    """Word -> noise score from the labelled lines of `pages` (and their gold texts, all
    content), counted by site: a site counts once for a word in its noise lines and once for a
    word in its content lines.  Words seen on fewer than LEX_MIN_SITES sites, and words with a
    digit (years and dates would tie the scores to the crawl's time), are left out (score 0)."""
    noise, content = {}, {}
    for p, g in zip(pages, golds):
        noise.setdefault(p.site, set()).update(p.noise_words)
        content.setdefault(p.site, set()).update(p.content_words, g.content_words)
    n_noise, n_content, n_sites = {}, {}, {}
    for site in set(noise) | set(content):
        ns, cs = noise.get(site, set()), content.get(site, set())
        for w in ns:
            n_noise[w] = n_noise.get(w, 0) + 1
        for w in cs:
            n_content[w] = n_content.get(w, 0) + 1
        for w in ns | cs:
            n_sites[w] = n_sites.get(w, 0) + 1
    out = {}
    for w, k in n_sites.items():
        if k >= LEX_MIN_SITES and not any(ch.isdigit() for ch in w):
            out[w] = float(np.log((n_noise.get(w, 0) + LEX_SMOOTH) / (n_content.get(w, 0) + LEX_SMOOTH)))
    return out


def lexicon_text(lexicon):
    """The `word` lines of a model file, most noisy first."""
    return [f"word {v:.4f} {w}" for w, v in sorted(lexicon.items(), key=lambda x: (-x[1], x[0]))
            if round(v, 4) != 0]


# ---------------------------------------------------------------- boosted trees

class Booster:
    """Newton-boosted regression trees on the log loss, histogram splits, depth-limited."""

    def __init__(self, trees=150, depth=4, rate=0.1, l2=1.0, min_hess=2.0, bins=64):
        self.n_trees, self.depth, self.rate, self.l2 = trees, depth, rate, l2
        self.min_hess, self.n_bins = min_hess, bins

    def _bin(self, X):
        self.cuts = []
        B = np.zeros(X.shape, dtype=np.uint8)
        for j in range(X.shape[1]):
            u = np.unique(X[:, j])
            if len(u) > self.n_bins:
                qs = np.quantile(X[:, j], np.linspace(0, 1, self.n_bins + 1)[1:-1], method="lower")
                u = np.unique(qs.astype(np.float32))
            else:
                u = u[:-1]
            # bin b holds values <= cuts[b] (and > cuts[b-1]); the last bin is > cuts[-1]
            self.cuts.append(u.astype(np.float32))
            B[:, j] = np.searchsorted(u, X[:, j], side="left")
        return B

    def fit(self, X, y, w):
        X = np.asarray(X, np.float32)
        B = self._bin(X)
        n, m = X.shape
        p0 = np.clip(np.sum(w * y) / np.sum(w), 1e-4, 1 - 1e-4)
        self.base = float(np.log(p0 / (1 - p0)))
        F = np.full(n, self.base, np.float64)
        self.trees = []
        nb = self.n_bins + 1
        for _ in range(self.n_trees):
            p = 1 / (1 + np.exp(-F))
            g = (p - y) * w
            h = np.maximum(p * (1 - p), 1e-6) * w
            node_of = np.zeros(n, dtype=np.int64)
            # nodes: dicts with split or leaf; ids in BFS order
            nodes = [None]
            frontier = [0]
            G, H = g.sum(), h.sum()
            stats = {0: (G, H)}
            for level in range(self.depth + 1):
                if not frontier:
                    break
                if level == self.depth:
                    for nid in frontier:
                        Gs, Hs = stats[nid]
                        nodes[nid] = ("leaf", -Gs / (Hs + self.l2) * self.rate)
                    break
                # histograms for every frontier node at once
                idx = {nid: k for k, nid in enumerate(frontier)}
                fmap = np.full(len(nodes), -1, dtype=np.int64)
                for nid, k in idx.items():
                    fmap[nid] = k
                rk = fmap[node_of]
                act = rk >= 0
                rk_a = rk[act]
                g_a, h_a = g[act], h[act]
                B_a = B[act]
                F_n = len(frontier)
                best = [(0.0, None, None)] * F_n
                for j in range(m):
                    key = rk_a * nb + B_a[:, j]
                    Gh = np.bincount(key, weights=g_a, minlength=F_n * nb).reshape(F_n, nb)
                    Hh = np.bincount(key, weights=h_a, minlength=F_n * nb).reshape(F_n, nb)
                    nc = len(self.cuts[j])
                    if nc == 0:
                        continue
                    GL = np.cumsum(Gh, axis=1)[:, :nc]
                    HL = np.cumsum(Hh, axis=1)[:, :nc]
                    Gt = Gh.sum(axis=1, keepdims=True)
                    Ht = Hh.sum(axis=1, keepdims=True)
                    GR, HR = Gt - GL, Ht - HL
                    gain = GL ** 2 / (HL + self.l2) + GR ** 2 / (HR + self.l2) - Gt ** 2 / (Ht + self.l2)
                    gain[(HL < self.min_hess) | (HR < self.min_hess)] = -1
                    bi = np.argmax(gain, axis=1)
                    bg = gain[np.arange(F_n), bi]
                    for k in range(F_n):
                        if bg[k] > best[k][0] + 1e-9:
                            best[k] = (bg[k], j, bi[k])
                new_frontier = []
                for k, nid in enumerate(frontier):
                    Gs, Hs = stats[nid]
                    value = -Gs / (Hs + self.l2) * self.rate
                    gain, j, b = best[k]
                    if j is None or gain <= 1e-6:
                        nodes[nid] = ("leaf", value)
                        continue
                    left, right = len(nodes), len(nodes) + 1
                    nodes.extend([None, None])
                    mine = node_of == nid
                    go_left = mine & (B[:, j] <= b)
                    go_right = mine & ~(B[:, j] <= b)
                    node_of[go_left] = left
                    node_of[go_right] = right
                    stats[left] = (g[go_left].sum(), h[go_left].sum())
                    stats[right] = (g[go_right].sum(), h[go_right].sum())
                    nodes[nid] = ("split", j, float(self.cuts[j][b]), left, right, value)
                    new_frontier += [left, right]
                frontier = new_frontier
            self.trees.append(nodes)
            F += self._tree_predict(nodes, X)
        return self

    @staticmethod
    def _tree_predict(nodes, X):
        out = np.zeros(X.shape[0], np.float64)
        stack = [(0, np.arange(X.shape[0]))]
        while stack:
            nid, rows = stack.pop()
            node = nodes[nid]
            if node[0] == "leaf":
                out[rows] = node[1]
                continue
            _, j, t, l, r, _ = node
            mask = X[rows, j] <= np.float32(t)
            stack.append((l, rows[mask]))
            stack.append((r, rows[~mask]))
        return out

    def predict(self, X):
        X = np.asarray(X, np.float32)
        F = np.full(X.shape[0], self.base, np.float64)
        for nodes in self.trees:
            F += self._tree_predict(nodes, X)
        return 1 / (1 + np.exp(-F))

    def stage_text(self, feature_names):
        def num(x):
            return repr(float(np.float32(x)))
        out = ["stage", "features " + " ".join(feature_names), "base " + num(self.base)]
        for nodes in self.trees:
            out.append("tree")
            for nid, node in enumerate(nodes):
                if node[0] == "leaf":
                    out.append(f"leaf {nid} {num(node[1])}")
                else:
                    _, j, t, l, r, v = node
                    out.append(f"split {nid} {j} {num(t)} {l} {r} {num(v)}")
        return out


class Model(list):
    """A trained model: its stages, a list of (Booster, feature names), and the lexicon (word ->
    noise score; None without lexicon features) its lexicon features were computed with."""
    lexicon = None


def model_text(stages, threshold, comment=""):
    """The model file: `stages` is a list of (Booster, feature names), a Model when it has a
    lexicon."""
    out = ["# sluice line model: boosted regression trees over `sluice features` columns.",
           "# Written by scripts/train-line-model.py; format in docs/CLASSIFIER.md."]
    out += ["# " + c for c in comment.splitlines()]
    out += ["sluice-line-model 1", "threshold " + repr(float(np.float32(threshold)))]
    if SMOOTH > 0:
        out.append("smooth " + repr(float(np.float32(SMOOTH))))
    if FILL_LINES > 0:
        out.append(f"fill {FILL_LINES} " + repr(float(np.float32(FILL_FLOOR))))
    if FALLBACK > 0:
        out.append("fallback " + repr(float(np.float32(FALLBACK))))
    if TITLE > 0:
        out.append("title " + repr(float(np.float32(TITLE))))
    for booster, names in stages:
        out += booster.stage_text(names)
    if getattr(stages, "lexicon", None):
        out += lexicon_text(stages.lexicon)
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------- CV and scoring

def select(fnames, groups_of, groups):
    return [i for i, n in enumerate(fnames) if groups_of[n] in groups]


def training_set(pages, golds, cols, gold_weight):
    """Stacks the pages' lines, and the gold texts' lines (all content) at `gold_weight`."""
    parts = [(p.X[:, cols], p.y, p.w) for p in pages]
    if golds is not None and gold_weight > 0:
        parts += [(g.X[:, cols], (g.tokens > 0).astype(np.float32), g.w * gold_weight) for g in golds]
    return (np.concatenate([x for x, _, _ in parts]), np.concatenate([y for _, y, _ in parts]),
            np.concatenate([w for _, _, w in parts]))


class Trainer:
    """Fits models on sets of pages (each with its gold fed back as a clean document) and
    scores pages with them; a second stage learns from out-of-fold first-stage scores."""

    def __init__(self, exe, fnames, cols1, cols2, params, gold_weight, k, tmp):
        self.exe, self.fnames, self.cols1, self.cols2 = exe, fnames, cols1, cols2
        self.params, self.gold_weight, self.k, self.tmp = params, gold_weight, k, tmp
        self.count = 0
        # The lexicon features' columns, when the model uses any: then every model gets a lexicon.
        self.lex_cols = [c for c in range(len(fnames)) if fnames[c] in LEX_FEATURES]
        self.uses_lexicon = any(c in self.lex_cols for c in cols1 + cols2)

    def with_lexicon(self, docs, lexicon):
        """The feature rows of `docs` (text lines only) with the lexicon features sluice computes
        with `lexicon` (`sluice features --lexicon`)."""
        self.count += 1
        path = os.path.join(self.tmp, f"lexicon-{self.count}.txt")
        with open(path, "w") as f:
            f.write("\n".join(["sluice-line-model 1"] + lexicon_text(lexicon)) + "\n")
        _, feats = read_features(self.exe, [d.path for d in docs], ("--lexicon", path))
        out = []
        for d in docs:
            X = d.X.copy()
            if len(d.rows):
                X[:, self.lex_cols] = feats[d.path][0][d.rows][:, self.lex_cols]
            out.append(X)
        return out

    def fit1(self, pages, golds):
        """A one-stage Model. With a lexicon: built from all `pages`; each training page's (and
        its gold text's) lexicon features come from the table of the other inner folds."""
        model = Model()
        if not self.uses_lexicon:
            X, y, w = training_set(pages, golds, self.cols1, self.gold_weight)
            model.append((Booster(**self.params).fit(X, y, w), [self.fnames[c] for c in self.cols1]))
            return model
        inner = folds_of(pages, LEX_INNER_FOLDS, seed="lexicon")
        views_p, views_g = [None] * len(pages), [None] * len(pages)
        for g in range(LEX_INNER_FOLDS):
            out = [i for i in range(len(pages)) if inner[i] != g]
            held = [i for i in range(len(pages)) if inner[i] == g]
            lexicon = build_lexicon([pages[i] for i in out], [golds[i] for i in out])
            xs = self.with_lexicon([pages[i] for i in held] + [golds[i] for i in held], lexicon)
            for j, i in enumerate(held):
                views_p[i] = SimpleNamespace(X=xs[j], y=pages[i].y, w=pages[i].w, tokens=pages[i].tokens)
                views_g[i] = SimpleNamespace(X=xs[len(held) + j], y=golds[i].y, w=golds[i].w,
                                             tokens=golds[i].tokens)
        X, y, w = training_set(views_p, views_g, self.cols1, self.gold_weight)
        model.append((Booster(**self.params).fit(X, y, w), [self.fnames[c] for c in self.cols1]))
        model.lexicon = build_lexicon(pages, golds)
        return model

    def rows(self, model, docs):
        """The feature rows of `docs` as `model` sees them (its lexicon)."""
        return self.with_lexicon(docs, model.lexicon) if model.lexicon is not None else [d.X for d in docs]

    def context(self, m1, docs):
        """Feature rows of `docs` (text lines only) with the score context from the one-stage
        Model m1 (and its lexicon)."""
        self.count += 1
        path = os.path.join(self.tmp, f"stage1-{self.count}.txt")
        with open(path, "w") as f:
            f.write(model_text(m1, 0.5))
        _, feats = read_features(self.exe, [d.path for d in docs], ("--stage1", path, "--lexicon", path))
        out = []
        for d in docs:
            X = feats[d.path][0] if d.path in feats else np.zeros((0, len(self.fnames)), np.float32)
            out.append(X[d.rows] if len(d.rows) else np.zeros((0, len(self.fnames)), np.float32))
        return out

    def fit(self, pages, golds, stages):
        """A Model: [(m1, names)] or [(m1, names), (m2, names)], with its lexicon."""
        m1 = self.fit1(pages, golds)
        if stages == 1:
            return m1
        inner = folds_of(pages, self.k, seed="inner")
        parts = []
        for g in range(self.k):
            tr = [i for i in range(len(pages)) if inner[i] != g]
            te = [i for i in range(len(pages)) if inner[i] == g]
            mg = self.fit1([pages[i] for i in tr], [golds[i] for i in tr])
            xs = self.context(mg, [pages[i] for i in te] + [golds[i] for i in te])
            for j, i in enumerate(te):
                parts.append((xs[j][:, self.cols2], pages[i].y, pages[i].w))
                gx = xs[len(te) + j][:, self.cols2]
                parts.append((gx, (golds[i].tokens > 0).astype(np.float32), golds[i].w * self.gold_weight))
        X = np.concatenate([x for x, _, _ in parts])
        y = np.concatenate([y for _, y, _ in parts])
        w = np.concatenate([w for _, _, w in parts])
        m2 = Booster(**self.params).fit(X, y, w)
        model = Model(m1 + [(m2, [self.fnames[c] for c in self.cols2])])
        model.lexicon = m1.lexicon
        return model

    def predict(self, model, docs):
        if len(model) == 1:
            return [model[0][0].predict(x[:, self.cols1]) if len(x) else np.zeros(0)
                    for x in self.rows(model, docs)]
        first = Model(model[:1])
        first.lexicon = model.lexicon
        xs = self.context(first, docs)
        return [model[1][0].predict(x[:, self.cols2]) if len(x) else np.zeros(0) for x in xs]


def cv_predict(trainer, pages, golds, fold, stages):
    """Out-of-fold scores of every page and of every gold text, and the fold models."""
    preds, gpreds, models = [None] * len(pages), [None] * len(pages), []
    for f in range(trainer.k):
        tr = [i for i in range(len(pages)) if fold[i] != f]
        te = [i for i in range(len(pages)) if fold[i] == f]
        model = trainer.fit([pages[i] for i in tr], [golds[i] for i in tr], stages)
        models.append(model)
        ps = trainer.predict(model, [pages[i] for i in te] + [golds[i] for i in te])
        for j, i in enumerate(te):
            preds[i], gpreds[i] = ps[j], ps[len(te) + j]
        print(f"  fold {f + 1}/{trainer.k} done", file=sys.stderr, flush=True)
    return preds, gpreds, models


def decide(p, scores, threshold):
    """Which text lines of page p are kept: the scores against the threshold after the
    neighbours' smoothing (inside a block: a neighbour with a blank line of the document
    between it and the line counts as the line itself), then the gaps filled, then, when the
    kept lines hold at most FALLBACK of the page's words, the main region kept too, then the
    title line above the first kept line (as sluice's LineClassifier does, in float32)."""
    s = np.asarray(scores, np.float32)
    if len(s) == 0:
        return np.zeros(0, dtype=bool)
    if SMOOTH > 0:
        blanks = np.cumsum([not t for t in p.text])  # blank lines up to and including each line
        rows = np.asarray(p.rows)
        starts = np.ones(len(s), dtype=bool)  # a blank line between the row and the one before
        starts[1:] = blanks[rows[1:]] > blanks[rows[:-1]]
        prev = np.where(starts, s, np.r_[s[:1], s[:-1]])
        nxt = np.where(np.r_[starts[1:], True], s, np.r_[s[1:], s[-1:]])
        a = np.float32(SMOOTH)
        s = (np.float32(1) - a) * s + a * ((prev + nxt) / np.float32(2))
    keep = s >= np.float32(threshold)
    if FILL_LINES > 0:
        out, n, j = keep.copy(), len(s), 0
        while j < n:
            if keep[j]:
                j += 1
                continue
            e = j
            while e < n and not keep[e]:
                e += 1
            if j > 0 and e < n and e - j <= FILL_LINES and (s[j:e] >= np.float32(FILL_FLOOR)).all():
                out[j:e] = True
            j = e
        keep = out
    if FALLBACK > 0:
        total, kept = int(p.words.sum()), int(p.words[keep].sum())
        if total > 0 and np.float32(kept) <= np.float32(FALLBACK) * np.float32(total):
            keep = keep | p.in_main
    if TITLE > 0 and keep.any():
        k = int(np.argmax(keep))
        # rows index the page's lines, blank ones included: one row apart, or two with a blank between
        if k > 0 and p.rows[k] - p.rows[k - 1] <= 2 and TITLE_WORDS[0] <= p.words[k - 1] <= TITLE_WORDS[1] \
                and s[k - 1] >= np.float32(TITLE):
            keep = keep.copy()
            keep[k - 1] = True
    return keep


def write_outputs(pages, preds, threshold, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    for p, s in zip(pages, preds):
        kept = [p.text[r] for r, k in zip(p.rows, decide(p, s, threshold)) if k]
        with open(os.path.join(out_dir, p.name + ".txt"), "w", encoding="utf-8") as f:
            f.write("\n".join(kept) + ("\n" if kept else ""))


def score_dir(scorer_path, dev, out_dir):
    r = subprocess.run([sys.executable, scorer_path, dev, out_dir, "--json", "--by", "lang"],
                       check=True, stdout=subprocess.PIPE)
    return json.loads(r.stdout)


def row(label, a):
    return (f"| {label} | {a['n']} | {a['sh_macro_f1']:.3f} | {a['sh_macro_p']:.3f} | {a['sh_macro_r']:.3f} "
            f"| {a['w_macro_p']:.3f} | {a['w_macro_r']:.3f} | {a['content_loss_macro']:.3f} |")


def table(result):
    out = ["| set | pages | shingle F1 | shingle P | shingle R | word P | word R | content loss |",
           "|---|---|---|---|---|---|---|---|", row("all", result["summary"])]
    for lang, a in result["groups"].items():
        out.append(row(lang, a))
    return "\n".join(out)


def gold_loss(scorer, pages_gold, preds, threshold):
    """Macro and micro share of words lost when the gold text itself is the input."""
    losses, lost, total = [], 0, 0
    for p, s in zip(pages_gold, preds):
        n = float(p.tokens.sum())
        dropped = float(p.tokens[~decide(p, s, threshold)].sum()) if len(s) else 0.0
        if n:
            losses.append(dropped / n)
            lost += dropped
            total += n
    return float(np.mean(losses)), lost / max(total, 1)


def output_gold_loss(scorer, dev, pages, out_dir):
    """Macro and micro share of the gold's words (as a multiset) missing from sluice's output
    when the gold text itself was the input."""
    from collections import Counter
    losses, lost, total = [], 0, 0
    for p in pages:
        with open(os.path.join(dev, p.name + ".gold.txt"), encoding="utf-8", errors="replace") as fh:
            gold = Counter(scorer.tokenize(fh.read()))
        with open(os.path.join(out_dir, p.name + ".txt"), encoding="utf-8", errors="replace") as fh:
            out = Counter(scorer.tokenize(fh.read()))
        n = sum(gold.values())
        if n:
            missing = sum(max(0, c - out[t]) for t, c in gold.items())
            losses.append(missing / n)
            lost += missing
            total += n
    return float(np.mean(losses)), lost / max(total, 1)


def make_trainer(a, params, exe, fnames, groups_of, groups, tmp):
    """A Trainer over the columns of `groups`, without the features named in --drop."""
    dropped = set(filter(None, a.drop.split(",")))
    unknown = dropped - set(fnames)
    if unknown:
        sys.exit(f"--drop: no such feature: {', '.join(sorted(unknown))}")
    cols1 = [c for c in select(fnames, groups_of, groups) if fnames[c] not in dropped]
    cols2 = cols1 + select(fnames, groups_of, ["context pass"])
    return Trainer(exe, fnames, cols1, cols2, params, a.gold_weight, a.folds, tmp)


def split_seed(s):
    """The fold assignment of split s (0-based): the first is the historical single split."""
    return "sluice" if s == 0 else f"s{s + 1}"


def eval_pipeline(exe, scorer, scorer_path, dev, pages, golds, fold, models, threshold, out_root, tmp):
    """Runs `sluice --mode classify --line-model FOLD` on every page and its gold text with the
    fold model that did not train on it; returns the scorer's result and the gold loss. The
    gold texts' outputs go beside the pages', in OUT_ROOT-gold, for auditing what clean text
    loses."""
    gold_out = out_root.rstrip("/") + "-gold"
    os.makedirs(out_root, exist_ok=True)
    os.makedirs(gold_out, exist_ok=True)
    for f, model in enumerate(models):
        mpath = os.path.join(tmp, f"fold{f}.txt")
        with open(mpath, "w") as fh:
            fh.write(model_text(model, threshold))
        for i, p in enumerate(pages):
            if fold[i] != f:
                continue
            for src, out_dir in ((p.path, out_root), (golds[i].path, gold_out)):
                with open(src, "rb") as fin, open(os.path.join(out_dir, p.name + ".txt"), "wb") as fout:
                    subprocess.run([exe, "--mode", "classify", "--line-model", mpath], stdin=fin,
                                   stdout=fout, check=True)
    res = score_dir(scorer_path, dev, out_root)
    macro, micro = output_gold_loss(scorer, dev, pages, gold_out)
    return res, macro, micro


def report_splits(a, params, dev, scorer, scorer_path, exe, fnames, pages, golds, groups_of, groups,
                  thresholds, tmp):
    """Page CV repeated over `a.splits` fold assignments, each scored at every threshold: the
    classifier alone, or with --eval the pipeline run by sluice. Prints, per threshold, a row per
    split and the mean with its spread (max - min over the splits)."""
    results = {t: [] for t in thresholds}  # threshold -> [(F1, loss, gold macro, gold micro, langs)]
    for s in range(a.splits):
        fold = folds_of(pages, a.folds, seed=split_seed(s))
        trainer = make_trainer(a, params, exe, fnames, groups_of, groups, tmp)
        preds, gpreds, models = cv_predict(trainer, pages, golds, fold, a.stages)
        for t in thresholds:
            if a.eval:
                out = os.path.join(a.eval, f"split{s + 1}", f"t{t}")
                res, macro, micro = eval_pipeline(exe, scorer, scorer_path, dev, pages, golds, fold,
                                                  models, t, out, tmp)
            else:
                out = os.path.join(tmp, "cv")
                write_outputs(pages, preds, t, out)
                res = score_dir(scorer_path, dev, out)
                macro, micro = gold_loss(scorer, golds, gpreds, t)
            sm = res["summary"]
            langs = {k: v["sh_macro_f1"] for k, v in res["groups"].items()}
            results[t].append((sm["sh_macro_f1"], sm["content_loss_macro"], macro, micro, langs))
            print(f"  split {s + 1} ({split_seed(s)}), threshold {t}: F1 {sm['sh_macro_f1']:.4f}, "
                  f"loss {sm['content_loss_macro']:.4f}, gold {macro:.4f}", file=sys.stderr, flush=True)
    what = "`sluice --mode classify` (rules, then the classifier)" if a.eval else "the classifier alone"
    dropped = f", without {a.drop}" if a.drop else ""
    print(f"CV of {what}: {a.folds}-fold by page, {a.splits} fold assignment(s), {a.stages} stage(s), "
          f"trees {params['trees']}, depth {params['depth']}, smooth {SMOOTH}, fill {FILL_LINES},{FILL_FLOOR}, "
          f"fallback {FALLBACK}, title {TITLE}{dropped}")
    langs = sorted({k for rs in results.values() for r in rs for k in r[4]})
    print("| threshold | split | shingle F1 | content loss | gold fed back: macro (all words) | "
          + " | ".join(langs) + " |")
    print("|---|---|---|---|---|" + "---|" * len(langs))
    for t in thresholds:
        rs = results[t]
        for s, (f1, loss, macro, micro, lf) in enumerate(rs):
            print(f"| {t} | {s + 1} | {f1:.3f} | {loss:.3f} | {macro:.4f} ({micro:.4f}) | "
                  + " | ".join(f"{lf.get(k, float('nan')):.3f}" for k in langs) + " |")
        col = lambda k: np.array([r[k] for r in rs])
        spread = lambda v: f"{v.mean():.4f} ± {(v.max() - v.min()) / 2:.4f}"
        lm = " | ".join(f"{np.mean([r[4].get(k, np.nan) for r in rs]):.3f}" for k in langs)
        print(f"| {t} | **mean ± half range** | {spread(col(0))} | {spread(col(1))} | "
              f"{spread(col(2))} ({col(3).mean():.4f}) | {lm} |", flush=True)
        print(f"MEAN threshold {t}: F1 {col(0).mean():.4f} (range {col(0).min():.4f}-{col(0).max():.4f}), "
              f"loss {col(1).mean():.4f}, gold {col(2).mean():.4f}", flush=True)


def main():
    global SMOOTH, FILL_LINES, FILL_FLOOR, FALLBACK, TITLE, LEX_MIN_SITES, LEX_SMOOTH
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--dev", help="the dev set (default: shared/eval/dev beside the repository)")
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--cv-only", action="store_true")
    ap.add_argument("--eval", metavar="OUT_DIR", help="write and score CV predictions made by sluice itself (the gold texts fed "
                         "back: beside each output directory, its name + -gold)")
    ap.add_argument("--ablation", action="store_true")
    ap.add_argument("--no-build", action="store_true", help="use .build/release/sluice as it is")
    ap.add_argument("--sluice", metavar="BIN", help="run this sluice binary (implies --no-build)")
    ap.add_argument("--threshold", type=float, default=THRESHOLD)
    ap.add_argument("--thresholds", "--eval-thresholds", dest="thresholds",
                    help="comma-separated thresholds to score with the same fold models")
    ap.add_argument("--splits", type=int, default=1,
                    help="repeat the page CV over this many fold assignments and report each and "
                         "their mean and spread (the first is the fixed assignment of a single run)")
    ap.add_argument("--drop", default="", help="comma-separated feature names to leave out")
    ap.add_argument("--stages", type=int, default=STAGES, choices=(1, 2))
    ap.add_argument("--trees", type=int, default=PARAMS["trees"])
    ap.add_argument("--depth", type=int, default=PARAMS["depth"])
    ap.add_argument("--gold-weight", type=float, default=GOLD_WEIGHT)
    ap.add_argument("--smooth", type=float, default=SMOOTH,
                    help="weight of the neighbours' mean score in the score that decides (0: off)")
    ap.add_argument("--fill", default=f"{FILL_LINES},{FILL_FLOOR}",
                    help="LINES,FLOOR: keep runs of at most LINES dropped lines between kept ones "
                         "whose scores all reach FLOOR (0,0: off)")
    ap.add_argument("--fallback", type=float, default=FALLBACK,
                    help="keep a page's main region when its kept lines hold at most this share of "
                         "its words (0: off)")
    ap.add_argument("--title", type=float, default=TITLE,
                    help="keep the line above the first kept one, when it has 4 to 25 words, from "
                         "this score on (0: off)")
    ap.add_argument("--survivors", type=int, default=int(SURVIVORS), choices=(0, 1),
                    help="1: weight training lines by whether the rules leave them")
    ap.add_argument("--groups", help="comma-separated feature groups to use (default: all)")
    ap.add_argument("--lex-min-sites", type=int, default=LEX_MIN_SITES,
                    help="the sites a word must stand on to get a lexicon score")
    ap.add_argument("--lex-smooth", type=float, default=LEX_SMOOTH,
                    help="the lexicon score's smoothing: log((noise sites + A) / (content sites + A))")
    a = ap.parse_args()

    params = dict(PARAMS, trees=a.trees, depth=a.depth)
    SMOOTH, FALLBACK, TITLE = a.smooth, a.fallback, a.title
    LEX_MIN_SITES, LEX_SMOOTH = a.lex_min_sites, a.lex_smooth
    FILL_LINES, FILL_FLOOR = int(a.fill.split(",")[0]), float(a.fill.split(",")[1])
    dev = find_dev(a.dev)
    scorer, scorer_path = load_scorer(dev)
    exe = os.path.abspath(a.sluice) if a.sluice else sluice_binary(build=not a.no_build)
    fnames, pages = load_pages(dev, exe, scorer, survivors=bool(a.survivors))
    _, golds = load_pages(dev, exe, scorer, gold_as_input=True, survivors=bool(a.survivors))
    groups_of = dict(zip(fnames, feature_groups(exe, fnames)))
    fold = folds_of(pages, a.folds)
    n_lines = sum(len(p.y) for p in pages)
    print(f"{len(pages)} pages, {n_lines} text lines, {sum(p.y.sum() for p in pages):.0f} content; "
          f"{a.folds}-fold page CV", file=sys.stderr)
    tmp_root = tempfile.TemporaryDirectory()
    tmp = tmp_root.name

    def run_cv(groups, stages):
        trainer = make_trainer(a, params, exe, fnames, groups_of, groups, tmp)
        preds, gpreds, models = cv_predict(trainer, pages, golds, fold, stages)
        out = os.path.join(tmp, "cv")
        write_outputs(pages, preds, a.threshold, out)
        return trainer, preds, gpreds, models, score_dir(scorer_path, dev, out)

    if a.ablation:
        # Each feature group added in turn, the scores decided by the threshold alone; then,
        # with every group, the decision steps after the trees added in turn (no retraining:
        # the same out-of-fold scores, decided again).
        steps = {"neighbours": (SMOOTH, FILL_LINES), "fallback": FALLBACK, "title": TITLE}
        SMOOTH, FILL_LINES, FALLBACK, TITLE = 0, 0, 0, 0
        print("| signals | shingle F1 | P | R | content loss | gold fed back: macro (all words) | per language F1 |")
        print("|---|---|---|---|---|---|---|")

        def report(label, preds, gpreds, res=None):
            """A row of the table; `res`, the scorer's result of `preds`, when run_cv has it."""
            if res is None:
                out = os.path.join(tmp, "cv")
                write_outputs(pages, preds, a.threshold, out)
                res = score_dir(scorer_path, dev, out)
            s = res["summary"]
            macro, micro = gold_loss(scorer, golds, gpreds, a.threshold)
            langs = ", ".join(f"{k} {v['sh_macro_f1']:.3f}" for k, v in res["groups"].items())
            print(f"| {label} | {s['sh_macro_f1']:.3f} | {s['sh_macro_p']:.3f} | {s['sh_macro_r']:.3f} "
                  f"| {s['content_loss_macro']:.3f} | {macro:.4f} ({micro:.4f}) | {langs} |", flush=True)

        for g in range(1, len(ABLATION) + 1):
            use = ABLATION[:g]
            _, preds, gpreds, _, res = run_cv(use, 1)
            report(use[0] if g == 1 else "+ " + use[-1], preds, gpreds, res)
        SMOOTH, FILL_LINES = steps["neighbours"]
        report("+ neighbours (smooth, fill)", preds, gpreds)
        FALLBACK = steps["fallback"]
        report("+ region fallback", preds, gpreds)
        TITLE = steps["title"]
        report("+ title", preds, gpreds)
        if a.stages == 2:
            _, preds, gpreds, _, res = run_cv(ABLATION, 2)
            report("+ context pass (stage 2)", preds, gpreds, res)
        return

    groups = DEFAULT_GROUPS if not a.groups else a.groups.split(",")
    thresholds = [float(t) for t in a.thresholds.split(",")] if a.thresholds else [a.threshold]
    if a.splits > 1 or len(thresholds) > 1:
        report_splits(a, params, dev, scorer, scorer_path, exe, fnames, pages, golds, groups_of,
                      groups, thresholds, tmp)
        if a.cv_only or a.eval:
            return
        trainer = make_trainer(a, params, exe, fnames, groups_of, groups, tmp)
        res = None
    else:
        trainer, preds, gpreds, models, res = run_cv(groups, a.stages)
    if a.eval and res is not None:
        # The real thing: each fold's model, written as text, run by sluice on its pages exactly
        # as users run it (`sluice --mode classify --line-model FOLD`: the rules in front, the
        # classifier on what they leave), the pages and their gold texts fed back in.
        res, macro, micro = eval_pipeline(exe, scorer, scorer_path, dev, pages, golds, fold, models,
                                          a.threshold, a.eval, tmp)
        print(f"CV ({a.folds}-fold, by page) of `sluice --mode classify`, {a.stages} stage(s), "
              f"threshold {a.threshold}, survivors {a.survivors}, trees {params['trees']}, depth {params['depth']}:")
        print(table(res))
        print(f"gold fed back through sluice (CV models): words lost macro {macro:.4f}, micro {micro:.4f}")
        print(f"F1 {res['summary']['sh_macro_f1']:.4f}", flush=True)
        return
    if res is not None:
        print(f"CV ({a.folds}-fold, by page), {a.stages} stage(s), threshold {a.threshold}:")
        print(table(res))
        macro, micro = gold_loss(scorer, golds, gpreds, a.threshold)
        print(f"gold fed back (CV models): words lost macro {macro:.4f}, micro {micro:.4f}")
        print(f"F1 {res['summary']['sh_macro_f1']:.4f}")
        if a.cv_only:
            return
        cv_note = f"page CV macro shingle F1 {res['summary']['sh_macro_f1']:.4f}, gold fed back loses {micro:.4f}."
    else:
        cv_note = f"page CV over {a.splits} fold assignments: see docs/CLASSIFIER.md."

    model = trainer.fit(pages, golds, a.stages)
    comment = (f"Trained on {len(pages)} dev pages ({n_lines} lines) and their gold texts; {a.folds}-fold\n"
               f"{cv_note}\n"
               f"{a.stages} stage(s); trees {params['trees']}, depth {params['depth']}, rate {params['rate']}, "
               f"l2 {params['l2']}, gold weight {a.gold_weight}")
    text = model_text(model, a.threshold, comment)
    os.makedirs(os.path.dirname(MODEL_TXT), exist_ok=True)
    with open(MODEL_TXT, "w") as f:
        f.write(text)
    write_swift(text)
    print(f"wrote {os.path.relpath(MODEL_TXT, ROOT)} and {os.path.relpath(MODEL_SWIFT, ROOT)}", file=sys.stderr)


def feature_groups(exe, fnames):
    """The group of each feature, as sluice names them (`sluice features --groups`)."""
    out = subprocess.run([exe, "features", "--groups"], check=True, stdout=subprocess.PIPE).stdout
    table = dict(line.split("\t") for line in out.decode().splitlines() if line)
    return [table[n] for n in fnames]


def write_swift(text):
    assert '"""#' not in text
    with open(MODEL_SWIFT, "w") as f:
        f.write("// Generated by scripts/train-line-model.py from rules/line-model.txt: do not edit.\n"
                "// The line model compiled into sluice, so that the binary needs no file beside it.\n"
                'let builtInLineModelText = #"""\n' + text + '"""#\n')


if __name__ == "__main__":
    main()
