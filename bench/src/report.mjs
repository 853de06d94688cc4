// Turns the results into Markdown tables, target checks and an SVG bar chart.
import { PEER_NAME } from './http.mjs';

const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const fix = (n, d = 1) => (Number.isFinite(n) ? n.toFixed(d) : 'n/a');
const pct = (n) => (Number.isFinite(n) ? `${Math.round(n * 100)}%` : 'n/a');
const times = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : 'n/a');

const WORKLOAD = {
  reused: 'one reused token',
  fresh: 'new token each request',
  mixed: 'mixed: 1,000 clients reusing tokens, new ones arriving',
};

/** Per-round ratio of two micro rows (same rounds), then the median, with the lowest and highest. */
export function microRatio(report, alg, a, b, ca = 1, cb = 1) {
  const row = (name, c) => report.micro.find((r) => r.alg === alg && r.name === name && r.concurrency === c);
  const x = row(a, ca);
  const y = row(b, cb);
  if (!x || !y) return undefined;
  const list = x.rounds.map((r, i) => r.opsPerSec / y.rounds[i].opsPerSec).sort((m, n) => m - n);
  const mid = list.length >> 1;
  const median = list.length % 2 ? list[mid] : (list[mid - 1] + list[mid]) / 2;
  return { median, min: list[0], max: list.at(-1) };
}

const range = (r) => (r ? ` (${r.min.toFixed(2)}–${r.max.toFixed(2)})` : '');

export function targets(report) {
  const find = (framework, alg, workload) =>
    report.http.find((r) => r.framework === framework && r.alg === alg && r.workload === workload);
  const checks = [];
  const add = (name, value, goal, pass, shown) => checks.push({ name, value, goal, pass, shown });
  for (const framework of ['express', 'fastify', 'hono']) {
    const r = find(framework, 'ES384', 'reused');
    if (r)
      add(
        `${framework}, one reused ES384 token: protected / unprotected`,
        r.guardVsNone,
        '≥ 90%',
        r.guardVsNone >= 0.9,
        pct(r.guardVsNone),
      );
  }
  const er = find('express', 'ES384', 'reused');
  if (er)
    add(
      'express, one reused ES384 token: logto-guard / express-oauth2-jwt-bearer',
      er.guardVsPeer,
      '≥ 4×',
      er.guardVsPeer >= 4,
      times(er.guardVsPeer),
    );
  const hit = report.cacheHit?.microsPerHit;
  if (hit !== undefined)
    add(
      'cost of one cache hit (guard.verify, token seen before)',
      hit,
      '≤ 2 µs',
      hit <= 2,
      `${fix(hit, 2)} µs`,
    );
  for (const alg of ['ES384', 'RS256']) {
    const e = find('express', alg, 'fresh');
    if (e)
      add(
        `express, new ${alg} token per request: logto-guard / express-oauth2-jwt-bearer`,
        e.guardVsPeer,
        '≥ 1.2×',
        e.guardVsPeer >= 1.2,
        times(e.guardVsPeer),
      );
    const f = find('fastify', alg, 'fresh');
    if (f)
      add(
        `fastify, new ${alg} token per request: logto-guard / @fastify/jwt (static key)`,
        f.guardVsPeer,
        '≥ 1.0×',
        f.guardVsPeer >= 1,
        times(f.guardVsPeer),
      );
  }
  // Issue 15: every row ahead of its peer; new-token rows of Express and Fastify by 10%.
  if (report.http.length) {
    const behind = report.http.filter((r) => !(r.guardVsPeer >= 1));
    add(
      `every HTTP row (${report.http.length}: framework × alg × workload): logto-guard / peer`,
      behind.length,
      '≥ 1.0× each',
      behind.length === 0,
      behind.length === 0
        ? `all ≥ 1.0× (lowest ${times(Math.min(...report.http.map((r) => r.guardVsPeer)))})`
        : `${behind.length} below: ${behind.map((r) => `${r.framework} ${r.alg} ${r.workload} ${times(r.guardVsPeer)}`).join(', ')}`,
    );
  }
  for (const framework of ['express', 'fastify'])
    for (const alg of ['ES384', 'RS256']) {
      const r = find(framework, alg, 'fresh');
      if (r)
        add(
          `${framework}, new ${alg} token per request: logto-guard / ${PEER_NAME[framework]} (issue 15)`,
          r.guardVsPeer,
          '≥ 1.1×',
          r.guardVsPeer >= 1.1,
          `${times(r.guardVsPeer)}${range(r.guardVsPeerSpread)}${r.beforeVsPeer ? `; before ${times(r.beforeVsPeer)}` : ''}`,
        );
    }
  const floor = 'node:crypto.verify alone (sync floor)';
  const cold = 'logto-guard cold (new token)';
  const coldBefore = 'logto-guard before, cold (new token)';
  for (const alg of ['ES384', 'ES256', 'RS256']) {
    const r = microRatio(report, alg, cold, floor);
    const b = microRatio(report, alg, coldBefore, floor);
    if (r)
      add(
        `${alg} cold verification, one in flight: logto-guard / synchronous crypto.verify`,
        r.median,
        '≥ 0.9×',
        r.median >= 0.9,
        `${times(r.median)}${range(r)}${b ? `; before ${times(b.median)}` : ''}`,
      );
    const k = microRatio(report, alg, cold, coldBefore, 16, 16);
    if (k)
      add(
        `${alg} cold verification, 16 in flight: after / before (thread-pool throughput kept)`,
        k.median,
        '≥ 0.95×',
        k.median >= 0.95,
        `${times(k.median)}${range(k)}`,
      );
  }
  const check = report.cacheHit?.samples;
  if (check?.['after-check'])
    add(
      'cost of `guard.check` with a cached token (bearer, cache, policy, outcome; issue 12)',
      check['after-check'].median,
      'as low as possible',
      true,
      `${fix(check['after-check'].median, 2)} µs${check['before-check'] ? `; before ${fix(check['before-check'].median, 2)} µs` : ''}`,
    );
  const forwardAuth = report.gateway?.forwardAuth;
  if (forwardAuth)
    add(
      'gateway forward-auth, one reused ES384 token: decisions/s / bare Fastify 200',
      forwardAuth.reusedVsBare,
      '≥ 85%',
      forwardAuth.reusedVsBare >= 0.85,
      pct(forwardAuth.reusedVsBare),
    );
  if (report.memory) {
    const m = report.memory;
    add(
      `RSS after ${int(m.tokens)} distinct tokens (each seen twice) vs half-way`,
      m.growthMiB,
      'plateau (≤ 16 MiB growth)',
      m.growthMiB <= 16,
      `${fix(m.growthMiB)} MiB growth`,
    );
  }
  return checks;
}

export function markdown(report) {
  const lines = [];
  const { machine: m, settings: s } = report;
  lines.push(
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Node ${m.node} (${m.platform}); ${m.date.slice(0, 10)}; mode ${s.mode} (${s.rounds} round(s) of ${s.httpSeconds} s per target, ${s.connections} connections, token pool ${int(s.pool)}; micro ${s.microRounds} rounds of ${s.microSeconds} s per case); signature path: ${report.signaturePath}${report.baseline ? `; "before" = logto-guard at ${report.baseline}` : ''}.`,
  );
  lines.push('');
  lines.push('### Targets');
  lines.push('');
  lines.push('| Target | Goal | Measured | Met |');
  lines.push('|---|---|---|---|');
  for (const c of report.targets)
    lines.push(`| ${c.name} | ${c.goal} | ${c.shown} | ${c.pass ? 'yes' : '**no**'} |`);
  lines.push('');
  lines.push('### HTTP (autocannon in another process; medians; ratios per round, then median)');
  lines.push('');
  const hasBefore = report.http.some((r) => r.targets['guard-before']);
  lines.push(
    `| Framework | Alg | Workload | Unprotected req/s | logto-guard req/s (lowest–highest round) |${hasBefore ? ' before req/s |' : ''} logto-guard, cache off | Peer req/s | guard / unprotected | guard / peer (lowest–highest) |${hasBefore ? ' before / peer |' : ''} p99 ms (none / guard / peer) | server CPU µs/req (none / guard /${hasBefore ? ' before /' : ''} peer) | cache-hit p99 ms beside the load (guard /${hasBefore ? ' before /' : ''} peer) |`,
  );
  lines.push(
    `|---|---|---|---:|---:|${hasBefore ? '---:|' : ''}---:|---:|---:|---:|${hasBefore ? '---:|' : ''}---|---|---|`,
  );
  for (const r of report.http) {
    const t = r.targets;
    const b = t['guard-before'];
    const off = t['guard-nocache'] ? int(t['guard-nocache'].rps) : '–';
    const probe = Number.isFinite(t.guard.probeP99Ms)
      ? `${fix(t.guard.probeP99Ms)} /${b ? ` ${fix(b.probeP99Ms)} /` : ''} ${fix(t.peer.probeP99Ms)}`
      : '–';
    lines.push(
      `| ${r.framework} | ${r.alg} | ${WORKLOAD[r.workload] ?? r.workload} | ${int(t.none.rps)} | ${int(t.guard.rps)} (${int(t.guard.rpsMin)}–${int(t.guard.rpsMax)}) |${hasBefore ? ` ${b ? int(b.rps) : '–'} |` : ''} ${off} | ${int(t.peer.rps)} | ${pct(r.guardVsNone)} | ${times(r.guardVsPeer)}${range(r.guardVsPeerSpread)} |${hasBefore ? ` ${times(r.beforeVsPeer)}${range(r.beforeVsPeerSpread)} |` : ''} ${fix(t.none.p99Ms, 0)} / ${fix(t.guard.p99Ms, 0)} / ${fix(t.peer.p99Ms, 0)} | ${fix(t.none.cpuMicrosPerRequest, 0)} / ${fix(t.guard.cpuMicrosPerRequest, 0)} /${b ? ` ${fix(b.cpuMicrosPerRequest, 0)} /` : ''} ${fix(t.peer.cpuMicrosPerRequest, 0)} | ${probe} |`,
    );
  }
  lines.push('');
  lines.push(
    `Peers: Express = ${PEER_NAME.express}; Fastify = ${PEER_NAME.fastify}; Hono = ${PEER_NAME.hono}.`,
  );
  for (const n of report.notes) lines.push(`Note (${n.framework}, ${n.alg}): ${n.note}.`);
  const split = report.http
    .filter(
      (r) =>
        r.alg !== 'RS256' &&
        r.targets.guard.checks &&
        r.targets.guard.checks.inline + r.targets.guard.checks.pool > 0,
    )
    .map((r) => {
      const { inline, pool } = r.targets.guard.checks;
      return `${r.framework} ${r.alg} ${r.workload} ${pct(inline / (inline + pool))} of ${int(inline + pool)}`;
    });
  if (split.length)
    lines.push(
      `ECDSA checks of logto-guard run inline (alone in their turn, no cache hit for 20 ms), share per row: ${split.join('; ')}.`,
    );
  const errors = report.http.flatMap((r) =>
    Object.entries(r.targets)
      .filter(([, t]) => t.non2xx || t.errors)
      .map(([k, t]) => `${r.framework}/${r.alg}/${r.workload}/${k}: ${t.non2xx} non-2xx, ${t.errors} errors`),
  );
  lines.push(
    errors.length ? `Failed requests: ${errors.join('; ')}.` : 'Every measured request answered 2xx.',
  );
  lines.push('');
  if (report.gateway) lines.push(...gatewayLines(report.gateway), '');
  lines.push('### Micro (one process; c1 = one verification in flight, c16 = sixteen)');
  lines.push('');
  lines.push(
    '| Alg | Verifier | In flight | Verifications/s (median of rounds) | lowest–highest round | CPU µs per verification | vs sync floor (per round, median) |',
  );
  lines.push('|---|---|---:|---:|---:|---:|---:|');
  for (const r of report.micro) {
    const vs = microRatio(report, r.alg, r.name, 'node:crypto.verify alone (sync floor)', r.concurrency, 1);
    lines.push(
      `| ${r.alg} | ${r.name} | ${r.concurrency} | ${int(r.opsPerSec)} | ${int(r.opsMin)}–${int(r.opsMax)} | ${fix(r.cpuMicrosPerOp, 2)} | ${vs ? times(vs.median) : '–'} |`,
    );
  }
  lines.push('');
  if (report.cacheHit) {
    const c = report.cacheHit.samples ?? {};
    const one = (k) =>
      c[k] ? `${fix(c[k].median, 3)} µs (${fix(c[k].min, 3)}–${fix(c[k].max, 3)})` : undefined;
    lines.push(
      `Cache hit: ${fix(report.cacheHit.microsPerHit, 3)} µs per \`guard.verify\` of a cached token (median of 7 rounds over ${report.cacheHit.distinctTokensInCache} cached tokens)${c['before-verify'] ? `, before ${one('before-verify')}` : ''}; \`guard.check\` of a cached token with a \`globalApi\` policy, header string built per call: ${one('after-check') ?? 'n/a'}${c['before-check'] ? `, before ${one('before-check')}` : ''}.`,
    );
  }
  lines.push('');
  if (report.memory) {
    const mem = report.memory;
    lines.push(
      `### Memory (${int(mem.tokens)} distinct valid ES256 tokens, each checked twice, through one guard with the default cache of ${int(mem.cacheBound)} entries, ${fix(mem.seconds, 0)} s)`,
    );
    lines.push('');
    lines.push('| Tokens verified | RSS MiB | Heap used MiB |');
    lines.push('|---:|---:|---:|');
    for (const x of mem.samples)
      lines.push(`| ${int(x.tokens)} | ${fix(x.rssMiB)} | ${fix(x.heapUsedMiB)} |`);
    lines.push('');
  }
  return lines.join('\n');
}

/** A grouped bar chart: requests/s of unprotected, logto-guard and the peer, per framework/alg/workload. */
export function svg(report) {
  const groups = report.http;
  const series = [
    ['none', 'unprotected', '#9ca3af'],
    ['guard', 'logto-guard', '#2563eb'],
    ['peer', 'peer', '#f59e0b'],
  ];
  const W = 980;
  const H = 460;
  const left = 70;
  const top = 50;
  const bottom = 110;
  const plotH = H - top - bottom;
  const plotW = W - left - 20;
  const max = Math.max(...groups.flatMap((g) => series.map(([k]) => g.targets[k]?.rps ?? 0)));
  const step = 10 ** Math.floor(Math.log10(max || 1));
  const top_ = Math.ceil(max / step) * step;
  const gw = plotW / groups.length;
  const bw = (gw - 14) / series.length;
  const y = (v) => top + plotH - (v / top_) * plotH;
  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="11">`,
  );
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  const m = report.machine;
  out.push(
    `<text x="${left}" y="20" font-size="15" font-weight="bold">Requests/s with a protected route (higher is better)</text>`,
  );
  out.push(
    `<text x="${left}" y="37" fill="#555">${esc(`${m.cpu}, ${m.cores} cores · Node ${m.node} · ${m.date.slice(0, 10)} · ${report.settings.mode} mode · medians`)}</text>`,
  );
  for (let i = 0; i <= 5; i++) {
    const v = (top_ / 5) * i;
    out.push(`<line x1="${left}" x2="${W - 20}" y1="${y(v)}" y2="${y(v)}" stroke="#e5e7eb"/>`);
    out.push(
      `<text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" fill="#555">${Math.round(v).toLocaleString('en-US')}</text>`,
    );
  }
  groups.forEach((g, gi) => {
    const x0 = left + gi * gw + 7;
    series.forEach(([k], si) => {
      const v = g.targets[k]?.rps ?? 0;
      out.push(
        `<rect x="${(x0 + si * bw).toFixed(1)}" y="${y(v).toFixed(1)}" width="${(bw - 2).toFixed(1)}" height="${(top + plotH - y(v)).toFixed(1)}" fill="${series[si][2]}"><title>${esc(`${g.framework} ${g.alg} ${g.workload} ${k}: ${Math.round(v)} req/s`)}</title></rect>`,
      );
    });
    const cx = x0 + (gw - 14) / 2;
    out.push(`<text x="${cx}" y="${top + plotH + 16}" text-anchor="middle">${g.framework}</text>`);
    out.push(`<text x="${cx}" y="${top + plotH + 30}" text-anchor="middle" fill="#555">${g.alg}</text>`);
    out.push(
      `<text x="${cx}" y="${top + plotH + 44}" text-anchor="middle" fill="#555">${{ reused: 'reused', fresh: 'new token', mixed: 'mixed' }[g.workload] ?? g.workload}</text>`,
    );
    out.push(
      `<text x="${cx}" y="${top + plotH + 58}" text-anchor="middle" fill="#2563eb">${Number.isFinite(g.guardVsPeer) ? `${g.guardVsPeer.toFixed(1)}× peer` : ''}</text>`,
    );
  });
  let lx = left;
  for (const [, label, color] of series) {
    out.push(
      `<rect x="${lx}" y="${H - 28}" width="12" height="12" fill="${color}"/><text x="${lx + 16}" y="${H - 18}">${label}</text>`,
    );
    lx += 110;
  }
  out.push(
    `<text x="${lx}" y="${H - 18}" fill="#555">peers: express-oauth2-jwt-bearer · @fastify/jwt (static key) · hono jwk() (typ at+jwt)</text>`,
  );
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}

function esc(s) {
  return String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** The gateway section: forward-auth decisions/s and nginx → FastAPI with and without the gateway. */
function gatewayLines(gateway) {
  const f = gateway.forwardAuth;
  const lines = [
    `### Gateway (\`@logto-guard/gateway\`, its own process; autocannon; ${f?.rounds ?? ''} rounds; medians (range over rounds); ratios per round)`,
    '',
    '| Target | req/s | p99 ms | vs baseline | server CPU µs/req |',
    '|---|---:|---:|---:|---:|',
  ];
  const range = (r, digits = 0, scale = 1) =>
    r === undefined ? '' : ` (${fix(r.min * scale, digits)}–${fix(r.max * scale, digits)})`;
  const share = (r) => (r === undefined ? '–' : `${pct(r.median)}${range(r, 0, 100)}`);
  const row = (name, t, ratio, cpu = true) =>
    lines.push(
      `| ${name} | ${int(t.rps)} | ${fix(t.p99Ms, 0)} | ${ratio === undefined ? '100%' : share(ratio)} | ${cpu ? `${fix(t.cpuMicrosPerRequest, 1)}${range(t.cpuRange, 1)}` : '–'} |`,
    );
  if (f) {
    row('bare Fastify route answering 200 (baseline)', f.targets.bare);
    if (f.targets.check)
      row('Fastify route calling `guard.check` directly, one reused token', f.targets.check, f.checkVsBare);
    row(
      `forward-auth decision, one reused ${gateway.alg} token`,
      f.targets.reused,
      f.reusedVsBareRange ?? { median: f.reusedVsBare },
    );
    row(
      `forward-auth decision, new ${gateway.alg} token each request`,
      f.targets.fresh,
      f.freshVsBareRange ?? { median: f.freshVsBare },
    );
  }
  const n = gateway.nginx;
  if (n) {
    row('nginx → FastAPI without auth (baseline)', n.targets.none, undefined, false);
    row(
      'nginx → gateway (auth_request) → FastAPI, one reused token',
      n.targets.gateway,
      n.gatewayVsNoneRange ?? { median: n.gatewayVsNone },
      false,
    );
  }
  if (f) {
    lines.push(
      '',
      `Server CPU per request, bare Fastify / forward-auth with a reused token: ${share(f.reusedCpuVsBareRange ?? { median: f.reusedCpuVsBare })} (what the req/s ratio would be with nothing else on the machine).`,
    );
    if (f.coreCpuMicros && f.gatewayCpuMicros)
      lines.push(
        `Each side's share of server CPU per request: the core (\`guard.check\` route − bare) ${fix(f.coreCpuMicros.median, 1)} µs${range(f.coreCpuMicros, 1)}, the gateway (forward-auth − \`guard.check\` route) ${fix(f.gatewayCpuMicros.median, 1)} µs${range(f.gatewayCpuMicros, 1)}; forward-auth / \`guard.check\` route ${share(f.reusedVsCheck)} in req/s.`,
      );
  }
  const p = gateway.inProcess;
  if (p)
    lines.push(
      `In-process, without HTTP: \`guard.check\` ${fix(p.guardCheckMicros.median, 2)} µs CPU per call, the gateway's decision around it ${fix(p.gatewayDecisionMicros.median, 2)} µs (its own share ${fix(p.gatewayOwnMicros.median, 2)} µs${range(p.gatewayOwnMicros, 2)}).`,
    );
  if (gateway.nginxNote) lines.push('', gateway.nginxNote);
  return lines;
}
