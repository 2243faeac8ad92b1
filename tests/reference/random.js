// The generators' random numbers, the same from one seed on every machine: mulberry32, in
// 32-bit integer arithmetic throughout. (An LCG in JavaScript's doubles lost precision and
// fell into a cycle of a few hundred distinct strings.)
module.exports = function seeded(seed) {
  const random = () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = (list) => list[Math.floor(random() * list.length)];
  return { random, pick };
};
