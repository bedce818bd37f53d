/**
 * Canonical unit codes for characteristic values. Shops write the same unit
 * many ways (`ГБ`, `Gb`, `GB`, `Go`; `"`, `″`, `дюйм`, `Zoll`), and values
 * are only comparable across shops and days when the unit is one code.
 */

/** Spellings whose case matters: `Nm` is torque, `nm` a nanometre; French `Go`/`Mo`/`To` are bytes. */
const EXACT: Record<string, string> = {
  Nm: 'Nm', nm: 'nm', Go: 'GB', Mo: 'MB', To: 'TB', Ko: 'KB', MW: 'MW', mW: 'mW',
};

/**
 * Lower-cased spellings (dots removed) in Russian, Ukrainian, English, German, French, Spanish, Italian, Polish.
 * A bare `год` is left out: hours in Ukrainian, a year in Russian.
 */
const SPELLINGS: Record<string, readonly string[]> = {
  in: ['"', '″', '”', "''", '“', 'дюйм', 'дюйма', 'дюймов', 'дюймы', 'дюйми', 'inch', 'inches', 'in', 'zoll', 'pouces', 'pouce', 'pulgadas', 'pulgada', 'pollici', 'pollice', 'cali'],
  KB: ['кб', 'кбайт', 'kb', 'kbyte', 'kilobyte', 'kilobytes'],
  MB: ['мб', 'мбайт', 'mb', 'mbyte', 'megabyte', 'megabytes'],
  GB: ['гб', 'гбайт', 'gb', 'gbyte', 'gigabyte', 'gigabytes'],
  TB: ['тб', 'тбайт', 'tb', 'tbyte', 'terabyte', 'terabytes'],
  mg: ['мг', 'mg'],
  g: ['г', 'гр', 'грамм', 'g', 'gr', 'gramm', 'grams', 'gram', 'grammes', 'gramos', 'grammi'],
  kg: ['кг', 'kg', 'kilo', 'kilogramm', 'kilograms'],
  lb: ['lb', 'lbs', 'pound', 'pounds'],
  oz: ['oz', 'ounce', 'ounces'],
  mm: ['мм', 'mm'],
  cm: ['см', 'cm'],
  m: ['м', 'm', 'meter', 'metre', 'meters', 'metres'],
  km: ['км', 'km'],
  'km/h': ['км/ч', 'км/год', 'km/h', 'kmh', 'km/std'],
  W: ['вт', 'w', 'watt', 'watts', 'ват'],
  kW: ['квт', 'kw', 'kilowatt'],
  V: ['в', 'v', 'volt', 'volts', 'вольт'],
  A: ['а', 'a', 'amp', 'ampere'],
  mAh: ['мач', 'ма·ч', 'ма*ч', 'ма/ч', 'ма·год', 'мaгод', 'магод', 'mah', 'ma·h'],
  Ah: ['ач', 'а·ч', 'а*ч', 'а·год', 'ah', 'a·h'],
  Wh: ['втч', 'вт·ч', 'вт*ч', 'wh', 'w·h'],
  kWh: ['квтч', 'квт·ч', 'kwh', 'kw·h'],
  Hz: ['гц', 'hz'],
  kHz: ['кгц', 'khz'],
  MHz: ['мгц', 'mhz'],
  GHz: ['ггц', 'ghz'],
  MP: ['мп', 'мпикс', 'мегапикс', 'мегапикселей', 'mp', 'mpx', 'mpix', 'megapixel', 'megapixels'],
  mL: ['мл', 'ml'],
  cl: ['cl', 'сл'],
  L: ['л', 'l', 'liter', 'litre', 'liters', 'litres', 'litro', 'litri', 'litros', 'литр', 'литра', 'литров'],
  ms: ['мс', 'ms'],
  s: ['с', 'сек', 's', 'sec', 'secs', 'seconds', 'sek', 'sekunden'],
  min: ['мин', 'хв', 'min', 'mins', 'minutes', 'minuten', 'minuti', 'minutos', 'минут'],
  h: ['ч', 'час', 'часа', 'часов', 'h', 'hr', 'hrs', 'hour', 'hours', 'std', 'stunden', 'stunde', 'heures', 'heure', 'horas', 'ore', 'godz'],
  d: ['дн', 'дня', 'дней', 'днях', 'day', 'days', 'tage', 'jours', 'días', 'giorni', 'dni', 'gün'],
  mo: ['ay', 'мес', 'месяц', 'месяца', 'месяцев', 'міс', 'місяців', 'month', 'months', 'monat', 'monate', 'mois', 'meses', 'mesi', 'miesięcy', 'měsíců', 'měsíce'],
  yr: ['лет', 'года', 'year', 'years', 'jahr', 'jahre', 'ans', 'años', 'anni', 'lat'],
  '°C': ['°c', '°с', '° c', 'ºc', '℃', 'c°', 'с°', 'c⁰', 'с⁰', '⁰c', '⁰с'],
  kcal: ['ккал', 'kcal'],
  '%': ['%'],
  Pa: ['па', 'pa'],
  kPa: ['кпа', 'kpa'],
  bar: ['бар', 'bar'],
  dB: ['дб', 'db'],
  pcs: ['шт', 'pcs', 'pc', 'piece', 'pieces', 'stk', 'stück', 'szt', 'pz', 'pièces', 'piezas'],
  rpm: ['об/мин', 'rpm', 'u/min', 'tr/min'],
};

const BY_SPELLING = new Map<string, string>();
for (const [code, spellings] of Object.entries(SPELLINGS)) for (const s of spellings) BY_SPELLING.set(s, code);

/** Canonical code of a unit as written, or undefined when the spelling is unknown. */
export function canonicalUnit(raw: string): string | undefined {
  const unit = raw.trim().replace(/\.$/, '');
  if (unit in EXACT) return EXACT[unit];
  const key = unit.toLowerCase().replace(/\./g, '').replace(/\s+/g, ' ');
  return BY_SPELLING.get(key);
}
