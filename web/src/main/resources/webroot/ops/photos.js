// A report's photos as thumbnails. An <img src> cannot send the bearer token, so each photo is
// fetched with it and shown from an object URL; release() revokes the URLs, so images do not pile
// up in a screen that runs for weeks.

export function photoStrip(api, reportId) {
  const strip = document.createElement('div');
  strip.className = 'report-photos';
  const urls = [];
  let released = false;
  strip.release = () => { released = true; urls.forEach(u => URL.revokeObjectURL(u)); urls.length = 0; };
  (async () => {
    const list = await api.json('/api/v1/reports/' + encodeURIComponent(reportId) + '/media');
    for (const media of list.media) {
      if (released) return;
      const response = await api.request('GET', media.url);
      if (!response.ok) continue;
      const blob = await response.blob();
      if (released) return;
      const url = URL.createObjectURL(blob);
      urls.push(url);
      const img = document.createElement('img');
      img.className = 'report-photo';
      img.dataset.mediaId = media.id;
      img.alt = 'תמונה · Photo';
      img.src = url;
      strip.append(img);
    }
  })().catch(() => { /* the report's text is shown all the same */ });
  return strip;
}
