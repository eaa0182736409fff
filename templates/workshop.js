"use strict";
// vendorscore's what-if page: re-scores the ranked vendors as weights move.
// Every formula mirrors the Python engine (scoring/setup.py effective_weights,
// scoring/methods.py, scoring/evaluation.py row_weights, scoring/ranking.py rank,
// analysis/stability.py); the page's scores equal `vendorscore rank --weight ...` to 1e-9.
// Text from the input files is written into the page with textContent only.
(function () {
  const data = JSON.parse(document.getElementById("workshop-data").textContent);
  const crit = data.criteria;
  const vendors = data.vendors;
  const TIE = data.tie;
  const GRID = 400; // stability search: grid steps, then bisection to 1e-9 (stability.py)
  const PRECISION = 1e-9;
  const $ = (id) => document.getElementById(id);

  const opened = {
    criteria: crit.map((c) => c.weight),
    groups: data.groups.map((g) => g.weight),
    method: data.method,
  };
  const state = { criteria: [], groups: [], method: "" };
  let openedOrder = null; // vendor ids in the order the page opened with

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  // --- the engine ------------------------------------------------------------------------

  // Effective weights (sum 1) from nominal ones: group share x share inside the group, as
  // effective_weights(); null when every weight is 0 (the CLI refuses that too).
  function effective(cw, gw) {
    const groupIndex = new Map(data.groups.map((g, i) => [g.id, i]));
    let total = 0;
    for (const w of gw) total += w;
    crit.forEach((c, j) => { if (c.group === null) total += cw[j]; });
    if (!(total > 0)) return null;
    const out = crit.map((c, j) => {
      if (c.group === null) return cw[j] / total;
      let inside = 0;
      crit.forEach((o, k) => { if (o.group === c.group) inside += cw[k]; });
      return inside > 0 ? (gw[groupIndex.get(c.group)] / total) * (cw[j] / inside) : 0;
    });
    let sum = 0;
    for (const w of out) sum += w;
    return sum > 0 ? out.map((w) => w / sum) : null;
  }

  const allUsed = vendors.every((v) => v.used.every(Boolean));

  // One weight row per vendor: under the `ignore` policy a vendor's dropped criteria give
  // their weight to its others (row_weights).
  function rowWeights(w) {
    if (allUsed) return vendors.map(() => w);
    return vendors.map((v) => {
      const row = w.map((x, j) => (v.used[j] ? x : 0));
      let sum = 0;
      for (const x of row) sum += x;
      return row.map((x) => (sum > 0 ? x / sum : 0));
    });
  }

  const clip = (s) => Math.min(100, Math.max(0, s));

  function weightedSum(W) {
    return vendors.map((v, i) => {
      let s = 0;
      v.utilities.forEach((u, j) => { s += u * W[i][j]; });
      return clip(100 * s);
    });
  }

  function weightedProduct(W) {
    return vendors.map((v, i) => {
      let logs = 0;
      let zero = false;
      v.utilities.forEach((u, j) => {
        const w = W[i][j];
        if (u <= 0 && w > 0) zero = true;
        if (w > 0) logs += w * Math.log(u > 0 ? u : 1);
      });
      return zero ? 0 : clip(100 * Math.exp(logs));
    });
  }

  // Each column divided by its largest magnitude, then by its Euclidean norm.
  function vectorNormalise(x) {
    const m = x.length ? x[0].length : 0;
    const out = x.map((row) => row.slice());
    for (let j = 0; j < m; j++) {
      let scale = 0;
      for (const row of x) scale = Math.max(scale, Math.abs(row[j]));
      let norm = 0;
      for (const row of out) {
        row[j] = row[j] / (scale > 0 ? scale : 1);
        norm += row[j] * row[j];
      }
      norm = Math.sqrt(norm);
      for (const row of out) row[j] = norm > 0 ? row[j] / norm : 0;
    }
    return out;
  }

  // TOPSIS: distances to the best and worst weighted value of each column (cells that count).
  function topsis(W) {
    const onUtilities = data.topsis_on_utilities;
    const used = vendors.map((v) => v.used);
    const x = vendors.map((v, i) =>
      (onUtilities ? v.utilities : v.raw).map((a, j) => (used[i][j] ? a : 0)));
    const r = onUtilities ? x : vectorNormalise(x);
    const v = r.map((row, i) => row.map((a, j) => a * W[i][j]));
    const best = [];
    const worst = [];
    crit.forEach((c, j) => {
      let hi = -Infinity;
      let lo = Infinity;
      v.forEach((row, i) => { if (used[i][j]) { hi = Math.max(hi, row[j]); lo = Math.min(lo, row[j]); } });
      hi = Number.isFinite(hi) ? hi : 0;
      lo = Number.isFinite(lo) ? lo : 0;
      const higher = onUtilities || data.higher[j];
      best.push(higher ? hi : lo);
      worst.push(higher ? lo : hi);
    });
    return v.map((row, i) => {
      let plus = 0;
      let minus = 0;
      row.forEach((a, j) => {
        if (!used[i][j]) return;
        plus += (a - best[j]) ** 2;
        minus += (a - worst[j]) ** 2;
      });
      const dPlus = Math.sqrt(plus);
      const dMinus = Math.sqrt(minus);
      const total = dPlus + dMinus;
      return clip(total > 0 ? (100 * dMinus) / total : 100);
    });
  }

  const METHODS = { weighted_sum: weightedSum, weighted_product: weightedProduct, topsis };

  function scoresFor(w, method) {
    return METHODS[method](rowWeights(w));
  }

  // Vendors best first with competition ranks: 1e-9 ties chain, tie breakers (utilities,
  // higher first) order a chain, vendors still tied share a rank and go by id (ranking.rank).
  function rank(scores) {
    const ids = vendors.map((v) => v.id);
    const byId = (a, b) => (ids[a] < ids[b] ? -1 : ids[a] > ids[b] ? 1 : 0);
    const breakers = vendors.map((v) => data.tie_breakers.map((j) => v.utilities[j]));
    const order = ids.map((_, i) => i).sort((a, b) => (scores[b] - scores[a]) || byId(a, b));
    const chains = [];
    for (const i of order) {
      const last = chains.length ? chains[chains.length - 1] : null;
      if (last && scores[last[last.length - 1]] - scores[i] <= TIE) last.push(i);
      else chains.push([i]);
    }
    const tied = (a, b) => breakers[a].every((x, k) => Math.abs(x - breakers[b][k]) <= TIE);
    const result = [];
    for (const chain of chains) {
      chain.sort((a, b) => {
        for (let k = 0; k < breakers[a].length; k++) {
          if (breakers[a][k] !== breakers[b][k]) return breakers[b][k] - breakers[a][k];
        }
        return byId(a, b);
      });
      let position = result.length + 1;
      let previous = null;
      for (const i of chain) {
        if (previous === null || !tied(previous, i)) position = result.length + 1;
        result.push({ index: i, rank: position });
        previous = i;
      }
    }
    return result;
  }

  // --- weight stability for one slider ----------------------------------------------------

  // A slider's level: the top level (groups and ungrouped criteria) or its group's criteria.
  function level(item) {
    const cw = state.criteria;
    const gw = state.groups;
    const entries = [];
    if (item.kind === "criterion" && crit[item.index].group !== null) {
      crit.forEach((c, j) => { if (c.group === crit[item.index].group) entries.push(["criterion", j]); });
    } else {
      gw.forEach((_, g) => entries.push(["group", g]));
      crit.forEach((c, j) => { if (c.group === null) entries.push(["criterion", j]); });
    }
    const value = ([kind, i]) => (kind === "group" ? gw[i] : cw[i]);
    const own = value([item.kind, item.index]);
    let total = 0;
    for (const e of entries) total += value(e);
    return { entries, own, rest: total - own };
  }

  // Effective weights when the slider holds the share s of its level and its siblings keep
  // their proportions (only proportions within a level matter to effective()).
  function weightsAtShare(item, s) {
    const { entries, own, rest } = level(item);
    const cw = state.criteria.slice();
    const gw = state.groups.slice();
    for (const [kind, i] of entries) {
      const target = kind === "group" ? gw : cw;
      const mine = kind === item.kind && i === item.index;
      target[i] = mine ? s : (target[i] * (1 - s)) / rest;
    }
    return own >= 0 && rest > 0 ? effective(cw, gw) : null;
  }

  function lead(item, s, leader, rivals) {
    const w = weightsAtShare(item, s);
    if (w === null) return 0;
    const scores = scoresFor(w, state.method);
    return scores[leader] - Math.max(...rivals.map((r) => scores[r]));
  }

  // First share (from the current one toward `toward`) at which the leader loses (_search).
  function search(item, start, leader, rivals, toward) {
    let good = start;
    for (let step = 1; step <= GRID; step++) {
      const t = step === GRID ? toward : Math.min(1, Math.max(0, start + ((toward - start) * step) / GRID));
      if (lead(item, t, leader, rivals) < -TIE) {
        let bad = t;
        while (Math.abs(bad - good) > PRECISION) {
          const middle = (good + bad) / 2;
          if (lead(item, middle, leader, rivals) < -TIE) bad = middle;
          else good = middle;
        }
        return (good + bad) / 2;
      }
      good = t;
    }
    return null;
  }

  // Exact bounds when every score is linear in the share (weighted sum, every cell used):
  // the lead over each rival is b + s (a - b), zero at s = b / (b - a) (_linear_bounds).
  function linearBounds(item, start, leader, rivals) {
    const w0 = weightsAtShare(item, 0);
    const w1 = weightsAtShare(item, 1);
    const wm = weightsAtShare(item, 0.5);
    if (!w0 || !w1 || !wm || wm.some((x, j) => Math.abs(x - (w0[j] + w1[j]) / 2) > 1e-12)) return null;
    const s0 = scoresFor(w0, "weighted_sum");
    const s1 = scoresFor(w1, "weighted_sum");
    let low = null;
    let high = null;
    for (const v of rivals) {
      const b = s0[leader] - s0[v];
      const a = s1[leader] - s1[v];
      if (a === b) continue;
      const t = b / (b - a);
      if (a > b && t > 0) low = low === null ? t : Math.max(low, t);
      else if (a < b && t < 1) high = high === null ? t : Math.min(high, t);
    }
    return [low !== null && low <= start ? low : null, high !== null && high >= start ? high : null];
  }

  // [low, high] share of the slider's level in which the leader stays first (null: no bound);
  // undefined when the slider cannot move the weights (its level holds nothing else).
  function bounds(item, leader, rivals) {
    const { own, rest } = level(item);
    if (!rivals.length || !(rest > 0)) return undefined;
    const start = own / (own + rest);
    if (state.method === "weighted_sum" && allUsed) {
      const exact = linearBounds(item, start, leader, rivals);
      if (exact) return exact;
    }
    return [search(item, start, leader, rivals, 0), search(item, start, leader, rivals, 1)];
  }

  // --- the page ----------------------------------------------------------------------------

  const sliders = []; // {kind, index, range, number, band, note, row, swatch}
  const fmt = (x, digits) => x.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits });
  const weightText = (x) => (Number.isInteger(x) ? String(x) : String(Math.round(x * 1000) / 1000));

  function makeSlider(kind, index, item, parent) {
    const row = el("div", kind === "group" ? "slider group-slider" : "slider");
    const head = el("label", "slider-head");
    const swatch = el("span", "swatch");
    if (kind === "criterion") swatch.style.backgroundColor = data.palette[index % data.palette.length];
    head.append(swatch, el("span", "slider-label", item.label));
    const number = el("input", "weight-number");
    number.type = "number";
    number.min = "0";
    number.step = "any";
    number.setAttribute("aria-label", "weight of " + item.label);
    const track = el("div", "track");
    const area = el("div", "band-area");
    const band = el("div", "band");
    area.append(band);
    const range = el("input", "weight-range");
    range.type = "range";
    range.min = "0";
    range.step = "any";
    range.max = String(Math.max(100, Math.ceil((item.weight * 2) / 10) * 10));
    range.setAttribute("aria-label", "weight of " + item.label);
    range.dataset.kind = kind;
    range.dataset.id = item.id;
    track.append(area, range);
    const note = el("div", "stability-note");
    row.append(head, number, track, note);
    parent.append(row);
    row.dataset.kind = kind;
    row.dataset.id = item.id;
    const slider = { kind, index, range, number, band, note, row };
    // a drag moves in steps of 0.5; the number box takes any weight as typed
    range.addEventListener("input", () => set(slider, Math.round(Number(range.value) * 2) / 2));
    number.addEventListener("input", () => {
      const value = Number(number.value);
      if (number.value !== "" && Number.isFinite(value) && value >= 0) set(slider, value);
    });
    sliders.push(slider);
  }

  function set(slider, value) {
    (slider.kind === "group" ? state.groups : state.criteria)[slider.index] = value;
    update();
  }

  function buildSliders() {
    const box = $("sliders");
    data.groups.forEach((g, gi) => {
      const section = el("fieldset", "group");
      section.append(el("legend", "", "Group"));
      makeSlider("group", gi, g, section);
      const inner = el("div", "group-criteria");
      crit.forEach((c, j) => { if (c.group === g.id) makeSlider("criterion", j, c, inner); });
      section.append(inner);
      box.append(section);
    });
    crit.forEach((c, j) => { if (c.group === null) makeSlider("criterion", j, c, box); });
  }

  function renderRanking(order, scores, w) {
    const body = $("rows");
    body.replaceChildren();
    const additive = state.method === "weighted_sum";
    for (const { index, rank: position } of order) {
      const v = vendors[index];
      const tr = el("tr", "vendor");
      tr.dataset.id = v.id;
      tr.dataset.rank = String(position);
      tr.dataset.score = String(scores[index]);
      const was = openedOrder.indexOf(v.id);
      const now = order.findIndex((o) => o.index === index);
      const move = was - now;
      const moved = el("td", "move", move > 0 ? "▲" + move : move < 0 ? "▼" + -move : "");
      const bar = el("div", "bar");
      const W = rowWeights(w)[index];
      crit.forEach((c, j) => {
        const points = 100 * W[j] * (v.used[j] ? v.utilities[j] : 0);
        if (!(points > 0)) return;
        const seg = el("span", "seg");
        seg.style.width = points + "%";
        seg.style.backgroundColor = data.palette[j % data.palette.length];
        seg.title = c.label + ": " + fmt(points, 2) + (additive ? " points" : " (100 × weight × utility)");
        bar.append(seg);
      });
      const th = el("th", "name", v.name);
      th.scope = "row";
      tr.append(el("td", "rank", String(position)), moved, th, el("td", "score", fmt(scores[index], 2)));
      const cell = el("td", "bar-cell");
      cell.append(bar);
      tr.append(cell);
      body.append(tr);
    }
    $("bars-note").textContent = additive
      ? "Bars: the points each criterion contributes (they add up to the score)."
      : "Bars: 100 × weight × utility per criterion; under " + state.method +
        " the score is not their sum.";
  }

  function shareToWeight(s, rest) {
    return s >= 1 ? Infinity : (s * rest) / (1 - s);
  }

  function renderStability(order, winnerName) {
    const leader = order.length ? order[0].index : null;
    const rivals = order.slice(1).map((o) => o.index);
    for (const slider of sliders) {
      const item = { kind: slider.kind, index: slider.index };
      const b = leader === null ? undefined : bounds(item, leader, rivals);
      const max = Number(slider.range.max);
      const { rest } = level(item);
      slider.row.dataset.low = b && b[0] !== null ? String(b[0]) : "";
      slider.row.dataset.high = b && b[1] !== null ? String(b[1]) : "";
      if (b === undefined) {
        slider.band.hidden = true;
        slider.note.textContent = leader === null ? "" : "Alone in its level: any value above 0 gives the same ranking.";
        continue;
      }
      const lo = b[0] === null ? 0 : shareToWeight(b[0], rest);
      const hi = b[1] === null ? Infinity : shareToWeight(b[1], rest);
      slider.band.hidden = false;
      slider.band.style.left = (100 * Math.min(lo, max)) / max + "%";
      slider.band.style.width = (100 * (Math.min(hi, max) - Math.min(lo, max))) / max + "%";
      // the weight as the slider shows it, and as a share of its level (the report's %)
      const at = (weight, share) => fmt(weight, 1) + " (" + fmt(100 * share, 1) + " % of its level)";
      const range = b[0] === null && b[1] === null ? "at any weight"
        : b[0] === null ? "up to a weight of " + at(hi, b[1])
          : b[1] === null ? "from a weight of " + at(lo, b[0]) + " up"
            : "from a weight of " + at(lo, b[0]) + " to " + at(hi, b[1]);
      slider.note.textContent = winnerName + " stays first " + range;
    }
  }

  function yamlKey(id) {
    const plain = /^[a-z][a-z0-9_-]*$/.test(id) &&
      !["y", "n", "yes", "no", "on", "off", "true", "false", "null"].includes(id);
    return plain ? id : JSON.stringify(id);
  }

  function yamlNumber(x) {
    const text = String(x);
    return /e/i.test(text) ? x.toFixed(12).replace(/0+$/, "").replace(/\.$/, "") : text;
  }

  function renderYaml() {
    const lines = ["# weights from the what-if page: paste over the criteria file's", "method: " + state.method];
    if (data.groups.length) {
      lines.push("groups:");
      data.groups.forEach((g, i) => lines.push("  " + yamlKey(g.id) + ": " + yamlNumber(state.groups[i])));
    }
    lines.push("criteria:");
    crit.forEach((c, j) => lines.push("  - id: " + yamlKey(c.id), "    weight: " + yamlNumber(state.criteria[j])));
    $("yaml").value = lines.join("\n") + "\n";
    $("yaml").rows = lines.length + 1;
    const flags = [...data.groups.map((g, i) => [g.id, state.groups[i]]), ...crit.map((c, j) => [c.id, state.criteria[j]])];
    $("command").textContent = "vendorscore rank --method " + state.method + " " +
      flags.map(([id, w]) => "--weight " + id + "=" + yamlNumber(w)).join(" ");
    let top = 0;
    state.groups.forEach((w) => { top += w; });
    crit.forEach((c, j) => { if (c.group === null) top += state.criteria[j]; });
    $("sum-note").textContent = Math.abs(top - 100) <= 1e-9 ? "" :
      "The top-level weights sum to " + weightText(top) + ", not 100: vendorscore validate warns " +
      "(weights-sum) and normalises them, which gives this ranking.";
  }

  function update() {
    sliders.forEach((s) => {
      const value = (s.kind === "group" ? state.groups : state.criteria)[s.index];
      if (value > Number(s.range.max)) s.range.max = String(Math.ceil(value / 10) * 10);
      s.range.value = String(value);
      if (document.activeElement !== s.number) s.number.value = weightText(value);
    });
    $("method").value = state.method;
    const w = effective(state.criteria, state.groups);
    const status = $("status");
    if (w === null || !vendors.length) {
      $("rows").replaceChildren();
      status.textContent = vendors.length ? "Every weight is 0: nothing would be scored." : "No vendor passes the gates.";
      document.body.dataset.ready = "empty";
      sliders.forEach((s) => { s.band.hidden = true; s.note.textContent = ""; });
      renderYaml();
      return;
    }
    const scores = scoresFor(w, state.method);
    const order = rank(scores);
    if (openedOrder === null) openedOrder = order.map((o) => vendors[o.index].id);
    const winner = vendors[order[0].index].name;
    // one full stop, even after a name that ends in one ("… Sp. z o.o.")
    const stop = (text) => (text.endsWith(".") ? text : text + ".");
    status.textContent = stop(winner + " ranks first with " + fmt(scores[order[0].index], 2) + " points" +
      (order.length > 1 ? ", " + fmt(scores[order[0].index] - scores[order[1].index], 2) +
        " ahead of " + vendors[order[1].index].name : ""));
    renderRanking(order, scores, w);
    renderStability(order, winner);
    renderYaml();
    document.body.dataset.ready = "yes";
  }

  function reset() {
    state.criteria = opened.criteria.slice();
    state.groups = opened.groups.slice();
    state.method = opened.method;
    update();
  }

  function copy() {
    const text = $("yaml").value;
    const done = () => { $("copied").textContent = "Copied."; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, () => { select(); });
    } else select();
    function select() {
      $("yaml").select();
      if (document.execCommand("copy")) done();
    }
  }

  function excludedList() {
    const list = $("excluded-list");
    if (!data.excluded.length) {
      $("excluded").hidden = true;
      return;
    }
    for (const x of data.excluded) {
      const item = el("li", "excluded-vendor");
      item.dataset.id = x.id;
      item.append(el("strong", "", x.name), document.createTextNode(": " + x.reasons.join("; ")));
      list.append(item);
    }
  }

  buildSliders();
  excludedList();
  $("method").addEventListener("change", () => { state.method = $("method").value; update(); });
  $("reset").addEventListener("click", reset);
  $("copy").addEventListener("click", copy);
  reset();
})();
