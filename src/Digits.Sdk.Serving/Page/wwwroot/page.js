// The draw-a-digit page: strokes on a canvas become a PNG posted to /v1/predict?include=input; the answer fills the
// label, the ten probability bars and the 28×28 input the model saw. At most one request is in flight: strokes made
// meanwhile are sent when it returns, so the page keeps up without flooding the service.
(() => {
  'use strict';
  const pad = document.getElementById('pad');
  const context = pad.getContext('2d');
  const inputView = document.getElementById('input');
  const labelOutput = document.getElementById('label');
  const confidence = document.getElementById('confidence');
  const bars = document.getElementById('bars');
  const status = document.getElementById('status');
  const photo = document.getElementById('photo');
  const minimumInterval = 120;
  let inFlight = false;
  let pending = null;
  let lastSent = 0;
  let drawn = false;

  function clearPad() {
    context.fillStyle = '#fff';
    context.fillRect(0, 0, pad.width, pad.height);
    drawn = false;
  }

  function showBars(classes) {
    bars.replaceChildren(...classes.map((name, i) => {
      const row = document.createElement('li');
      row.dataset.index = i;
      row.innerHTML = '<span class="name"></span><span class="track" role="meter" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0"><span class="fill"></span></span><span class="value">–</span>';
      row.querySelector('.name').textContent = name;
      row.querySelector('.track').setAttribute('aria-label', 'Probability of ' + name);
      return row;
    }));
  }

  function reset() {
    clearPad();
    labelOutput.textContent = '–';
    confidence.textContent = '';
    status.textContent = '';
    clearBars();
    inputView.getContext('2d').clearRect(0, 0, inputView.width, inputView.height);
  }

  function clearBars() {
    for (const row of bars.children) {
      row.classList.remove('top');
      row.querySelector('.fill').style.width = '0';
      row.querySelector('.value').textContent = '–';
      row.querySelector('.track').setAttribute('aria-valuenow', '0');
    }
  }

  // A blank answer (no ink to read) says so rather than showing a class: the service found no digit and guessed none.
  // A mark the model does not take for a digit says "not a digit"; the bars still show its best guess.
  function showPrediction(prediction) {
    if (prediction.blank) {
      labelOutput.textContent = 'no digit';
      confidence.textContent = 'nothing to read: the picture is blank or too faint';
      clearBars();
    } else {
      const notADigit = prediction.verdict === 'not_a_digit';
      labelOutput.textContent = notADigit ? 'not a digit' : prediction.className;
      confidence.textContent = notADigit
        ? 'best guess ' + prediction.className + ' at ' + (prediction.confidence * 100).toFixed(1) + ' %, too unsure to be a digit'
        : (prediction.confidence * 100).toFixed(1) + ' %';
      prediction.probabilities.forEach((p, i) => {
        const row = bars.children[i];
        if (!row) return;
        row.classList.toggle('top', i === prediction.label);
        row.querySelector('.fill').style.width = (p * 100).toFixed(1) + '%';
        row.querySelector('.value').textContent = (p * 100).toFixed(1) + '%';
        row.querySelector('.track').setAttribute('aria-valuenow', (p * 100).toFixed(0));
      });
    }
    const rows = prediction.input;
    if (rows) {
      inputView.height = rows.length;
      inputView.width = rows[0].length;
      const view = inputView.getContext('2d');
      const image = view.createImageData(inputView.width, inputView.height);
      rows.forEach((row, y) => row.forEach((v, x) => {
        const offset = (y * inputView.width + x) * 4;
        const level = Math.round(v * 255);
        image.data[offset] = image.data[offset + 1] = image.data[offset + 2] = level;
        image.data[offset + 3] = 255;
      }));
      view.putImageData(image, 0, 0);
    }
    status.textContent = '';
  }

  async function send(blob) {
    inFlight = true;
    lastSent = performance.now();
    try {
      const response = await fetch('v1/predict?include=input', { method: 'POST', headers: { 'Content-Type': blob.type }, body: blob });
      const answer = await response.json();
      if (response.ok) {
        showPrediction(answer.predictions[0]);
      } else {
        status.textContent = answer.detail || answer.title || ('The service answered ' + response.status + '.');
      }
    } catch (error) {
      status.textContent = 'The service cannot be reached: ' + error.message;
    } finally {
      inFlight = false;
      if (pending) {
        const next = pending;
        pending = null;
        schedule(next);
      }
    }
  }

  // Sends the newest picture: now if nothing is in flight and the last request is old enough, else when it is.
  function schedule(makeBlob) {
    if (inFlight) {
      pending = makeBlob;
      return;
    }
    const wait = Math.max(0, minimumInterval - (performance.now() - lastSent));
    inFlight = true;
    setTimeout(async () => send(await makeBlob()), wait);
  }

  function padBlob() {
    return new Promise(resolve => pad.toBlob(resolve, 'image/png'));
  }

  function predictPad() {
    if (drawn) schedule(padBlob);
  }

  // Drawing with pointer events: one code path for mouse, pen and touch.
  let last = null;
  function point(event) {
    const rect = pad.getBoundingClientRect();
    return { x: (event.clientX - rect.left) * pad.width / rect.width, y: (event.clientY - rect.top) * pad.height / rect.height };
  }
  function stroke(from, to) {
    context.strokeStyle = '#000';
    context.lineWidth = pad.width / 14;
    context.lineCap = 'round';
    context.lineJoin = 'round';
    context.beginPath();
    context.moveTo(from.x, from.y);
    context.lineTo(to.x, to.y);
    context.stroke();
    drawn = true;
  }
  pad.addEventListener('pointerdown', event => {
    pad.setPointerCapture(event.pointerId);
    last = point(event);
    stroke(last, last);
    predictPad();
  });
  pad.addEventListener('pointermove', event => {
    if (!last) return;
    const next = point(event);
    stroke(last, next);
    last = next;
    predictPad();
  });
  for (const type of ['pointerup', 'pointercancel']) {
    pad.addEventListener(type, () => {
      if (last) predictPad();
      last = null;
    });
  }

  // The keyboard pen: arrows move it (drawing while it is down), space lifts or lowers it, Escape clears.
  const keyboardPen = { x: pad.width / 2, y: pad.height / 2, down: false };
  pad.addEventListener('keydown', event => {
    const step = event.shiftKey ? 4 : 14;
    const moves = { ArrowUp: [0, -step], ArrowDown: [0, step], ArrowLeft: [-step, 0], ArrowRight: [step, 0] };
    if (event.key in moves) {
      const [dx, dy] = moves[event.key];
      const from = { x: keyboardPen.x, y: keyboardPen.y };
      keyboardPen.x = Math.min(pad.width, Math.max(0, keyboardPen.x + dx));
      keyboardPen.y = Math.min(pad.height, Math.max(0, keyboardPen.y + dy));
      if (keyboardPen.down) {
        stroke(from, keyboardPen);
        predictPad();
      }
      event.preventDefault();
    } else if (event.key === ' ') {
      keyboardPen.down = !keyboardPen.down;
      if (keyboardPen.down) {
        stroke(keyboardPen, keyboardPen);
        predictPad();
      }
      event.preventDefault();
    } else if (event.key === 'Escape') {
      reset();
      event.preventDefault();
    }
  });

  // A photo, picked or dropped, is sent as it is (the service prepares it) and shown on the drawing area; one larger
  // than the service takes (its body or pixel limit, from /v1/model) is scaled down here first.
  let limits = { maxBodyBytes: Infinity, maxPicturePixels: Infinity };
  function usePhoto(file) {
    if (!file) return;
    if (!['image/png', 'image/jpeg'].includes(file.type)) {
      status.textContent = file.name + ' is not a PNG or JPEG picture.';
      return;
    }
    const url = URL.createObjectURL(file);
    const image = new Image();
    image.onerror = () => {
      URL.revokeObjectURL(url);
      status.textContent = file.name + ' cannot be read as a picture.';
    };
    image.onload = () => {
      URL.revokeObjectURL(url);
      clearPad();
      const scale = Math.min(pad.width / image.width, pad.height / image.height);
      const w = image.width * scale, h = image.height * scale;
      context.imageSmoothingEnabled = true;
      context.drawImage(image, (pad.width - w) / 2, (pad.height - h) / 2, w, h);
      drawn = false;
      if (file.size <= limits.maxBodyBytes && image.width * image.height <= limits.maxPicturePixels) {
        schedule(() => Promise.resolve(file));
        return;
      }
      const shrink = Math.min(1, 1024 / Math.max(image.width, image.height), Math.sqrt(limits.maxPicturePixels / (image.width * image.height)) * 0.99);
      const smaller = document.createElement('canvas');
      smaller.width = Math.max(1, Math.round(image.width * shrink));
      smaller.height = Math.max(1, Math.round(image.height * shrink));
      smaller.getContext('2d').drawImage(image, 0, 0, smaller.width, smaller.height);
      schedule(() => new Promise(resolve => smaller.toBlob(resolve, 'image/png')));
    };
    image.src = url;
  }
  photo.addEventListener('change', () => {
    usePhoto(photo.files[0]);
    photo.value = '';
  });
  pad.addEventListener('dragover', event => {
    event.preventDefault();
    pad.classList.add('dropping');
  });
  pad.addEventListener('dragleave', () => pad.classList.remove('dropping'));
  pad.addEventListener('drop', event => {
    event.preventDefault();
    pad.classList.remove('dropping');
    usePhoto(event.dataTransfer.files[0]);
  });

  document.getElementById('clear').addEventListener('click', () => {
    reset();
    pad.focus();
  });

  clearPad();
  fetch('v1/model')
    .then(response => response.json())
    .then(model => {
      document.getElementById('model').textContent = model.network + (model.dataset ? ' trained on ' + model.dataset : '') + ' · ' + model.classes.length + ' classes';
      showBars(model.classes);
      if (model.limits) limits = model.limits;
    })
    .catch(() => { status.textContent = 'The model description could not be loaded.'; });
})();
