// Live case queue: initial rows from /api/cases, then socket.io events; all text goes in via textContent.
const CATEGORY = {
  INFO_REQUEST: 'Permintaan informasi',
  COMPLAINT: 'Pengaduan',
  MISINFORMATION: 'Dugaan hoaks',
  OTHER: 'Lainnya',
};
const tbody = document.getElementById('cases');
const empty = document.getElementById('empty');
const counts = document.getElementById('counts');
const live = document.getElementById('live');
const rows = new Map();
const seenEvents = new Set();
const STATUS = {
  NEW: 'Baru',
  TRIAGED: 'Dipilah',
  IN_PROGRESS: 'Dikerjakan',
  WAITING_ON_CITIZEN: 'Menunggu warga',
  AWAITING_VALIDATION: 'Menunggu validasi',
  REJECTED: 'Ditolak validator',
  APPROVED: 'Disetujui',
  ANSWERED: 'Terjawab',
  FORWARDED: 'Didisposisikan',
  CLOSED: 'Selesai',
  FLAGGED: 'Ditandai',
  VERIFYING: 'Diverifikasi',
  VERDICT: 'Diputuskan',
  CLARIFIED: 'Diklarifikasi',
};
const SLA = { AT_RISK: 'mendekati batas', BREACHED: 'lewat batas' };
const ZONE_LABEL = { 'Asia/Jakarta': 'WIB', 'Asia/Makassar': 'WITA', 'Asia/Jayapura': 'WIT' };
const formats = new Map();

// Times are shown in the agency's own zone, as its office and the law count them.
function formatTime(iso, timeZone) {
  if (!iso) return '—';
  let format = formats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short', timeZone });
    formats.set(timeZone, format);
  }
  return `${format.format(new Date(iso))} ${ZONE_LABEL[timeZone] ?? timeZone}`;
}

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text;
  if (className) td.className = className;
  return td;
}

function render(summary) {
  const tr = document.createElement('tr');
  tr.dataset.caseId = summary.id;
  tr.dataset.category = summary.category;
  tr.append(
    cell(CATEGORY[summary.category] ?? summary.category, `cat cat-${summary.category.toLowerCase()}`),
    cell(summary.subject, 'subject'),
    cell(summary.contactName ?? '—'),
    cell(summary.agencyName),
    cell(formatTime(summary.openedAt, summary.timeZone)),
    cell(formatTime(summary.firstResponseDueAt, summary.timeZone)),
    cell(String(summary.messageCount), 'num'),
    cell(
      [STATUS[summary.status] ?? summary.status, SLA[summary.slaState]].filter(Boolean).join(' · '),
      `status sla-${(summary.slaState ?? '').toLowerCase()}`,
    ),
  );
  return tr;
}

function upsert(summary, { prepend }) {
  const next = render(summary);
  const current = rows.get(summary.id);
  if (current) current.replaceWith(next);
  else if (prepend) tbody.prepend(next);
  else tbody.append(next);
  rows.set(summary.id, next);
  updateCounts();
}

function updateCounts() {
  const byCategory = {};
  for (const tr of rows.values())
    byCategory[tr.dataset.category] = (byCategory[tr.dataset.category] ?? 0) + 1;
  counts.textContent = Object.entries(byCategory)
    .map(([cat, n]) => `${CATEGORY[cat] ?? cat}: ${n}`)
    .join(' · ');
  empty.hidden = rows.size > 0;
}

function setLive(state, text) {
  live.dataset.state = state;
  live.textContent = text;
}

async function loadInitial() {
  const res = await fetch('/api/cases', { credentials: 'same-origin' });
  if (res.status === 401) return location.assign('/login');
  const body = await res.json();
  for (const summary of body.cases) upsert(summary, { prepend: false });
  updateCounts();
}

const socket = window.io({ withCredentials: true });
socket.on('connect', () => setLive('on', 'langsung'));
socket.on('disconnect', () => setLive('off', 'terputus, menyambung ulang…'));
socket.on('connect_error', () => setLive('off', 'tidak terhubung'));
socket.on('case', (event) => {
  if (seenEvents.has(event.eventId)) return;
  seenEvents.add(event.eventId);
  if (event.kind === 'moved') {
    rows.get(event.case.id)?.remove();
    rows.delete(event.case.id);
    updateCounts();
    return;
  }
  upsert(event.case, { prepend: true });
});
loadInitial();
