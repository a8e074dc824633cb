/**
 * minhash() on WebAssembly SIMD: four seeds per instruction instead of one, the same 64-bit mix
 * and the same unsigned minima, so the signature is bit for bit the one minhash.ts computes
 * (test/dedup/minhash-simd.test.ts compares them). The module is assembled here from its
 * instructions (no toolchain at build time); where the platform lacks SIMD, null, and callers
 * use the scalar loop.
 *
 * Memory: [0, 1024) the seeds, per group of four hashes its four hi seeds then its four lo
 * seeds; [1024, 2048) the minima, laid out the same way; from 2048 the shingles' hi lanes, then
 * their lo lanes.
 */

const GROUPS = 32;
const SEEDS_AT = 0;
const MINIMA_AT = 1024;
const SHINGLES_AT = 2048;
const PAGE = 65536;

/** Locals of the one function: its parameter (the shingle count), then i32s, then v128s. */
const COUNT = 0, G = 1, PTR_HI = 2, PTR_LO = 3, END_HI = 4, SH = 5, SL = 6, MH = 7, ML = 8, H = 9, L = 10, LESS = 11;

const get = (local: number): number[] => [0x20, local];
const set = (local: number): number[] => [0x21, local];
const tee = (local: number): number[] => [0x22, local];
const i32 = (value: number): number[] => [0x41, ...leb128Signed(value)];
const simd = (op: number): number[] => [0xfd, ...leb128(op)];
const splat4 = (value: number): number[] => [...simd(0x0c), ...Array.from({ length: 4 }, () => le32(value)).flat()];
const XOR = simd(0x51), AND = simd(0x4e), OR = simd(0x50), BITSELECT = simd(0x52);
const EQ = simd(0x37), LT_U = simd(0x3a), SHR_U = simd(0xad), MUL = simd(0xb5), SPLAT = simd(0x11);
const loadV128 = (offset: number): number[] => [...simd(0x00), 4, ...leb128(offset)];
const storeV128 = (offset: number): number[] => [...simd(0x0b), 4, ...leb128(offset)];

/** `target = mul(target ^ (other >>> shift), factor)`, or without the multiply when factor is null. */
function mixStep(target: number, other: number, shift: number, factor: number | null): number[] {
  return [...get(target), ...get(other), ...i32(shift), ...SHR_U, ...XOR, ...(factor === null ? [] : [...splat4(factor), ...MUL]), ...set(target)];
}

function body(): number[] {
  const groupOffset = [...get(G), ...i32(5), 0x74]; // g * 32 (i32.shl)
  const shingleLoop = [
    0x02, 0x40, 0x03, 0x40, // block, loop
    ...get(PTR_HI), ...get(END_HI), 0x4f, 0x0d, 1, // i32.ge_u; br_if out
    ...get(PTR_HI), 0x28, 2, 0, ...SPLAT, ...get(SH), ...XOR, ...set(H),
    ...get(PTR_LO), 0x28, 2, 0, ...SPLAT, ...get(SL), ...XOR, ...set(L),
    ...mixStep(H, L, 15, 0x85ebca6b), ...mixStep(L, H, 13, 0xc2b2ae35), ...mixStep(H, L, 16, 0x27d4eb2f), ...mixStep(L, H, 15, null),
    // less = h < mh || (h == mh && l < ml), unsigned, per lane; then the minima take (h, l) where less.
    ...get(H), ...get(MH), ...LT_U, ...get(H), ...get(MH), ...EQ, ...get(L), ...get(ML), ...LT_U, ...AND, ...OR, ...set(LESS),
    ...get(H), ...get(MH), ...get(LESS), ...BITSELECT, ...set(MH),
    ...get(L), ...get(ML), ...get(LESS), ...BITSELECT, ...set(ML),
    ...get(PTR_HI), ...i32(4), 0x6a, ...set(PTR_HI), ...get(PTR_LO), ...i32(4), 0x6a, ...set(PTR_LO),
    0x0c, 0, 0x0b, 0x0b, // br loop; end; end
  ];
  const code = [
    0x02, 0x40, 0x03, 0x40,
    ...get(G), ...i32(GROUPS), 0x46, 0x0d, 1, // i32.eq; br_if out
    ...groupOffset, ...loadV128(SEEDS_AT), ...set(SH), ...groupOffset, ...loadV128(SEEDS_AT + 16), ...set(SL),
    ...splat4(0xffffffff), ...set(MH), ...splat4(0xffffffff), ...set(ML),
    ...i32(SHINGLES_AT), ...set(PTR_HI),
    ...get(COUNT), ...i32(2), 0x74, ...i32(SHINGLES_AT), 0x6a, ...tee(PTR_LO), ...set(END_HI),
    ...shingleLoop,
    ...groupOffset, ...get(MH), ...storeV128(MINIMA_AT), ...groupOffset, ...get(ML), ...storeV128(MINIMA_AT + 16),
    ...get(G), ...i32(1), 0x6a, ...set(G),
    0x0c, 0, 0x0b, 0x0b,
    0x0b, // end of function
  ];
  const locals = [2, 4, 0x7f, 7, 0x7b];
  return [...leb128(locals.length + code.length), ...locals, ...code];
}

function section(id: number, content: number[]): number[] {
  return [id, ...leb128(content.length), ...content];
}

function moduleBytes(): Uint8Array {
  const name = (text: string): number[] => [text.length, ...Array.from(text, (c) => c.charCodeAt(0))];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, [1, 0x60, 1, 0x7f, 0]), // type: (i32) -> ()
    ...section(3, [1, 0]), // function 0 has type 0
    ...section(5, [1, 0, 1]), // one memory, one page to start
    ...section(7, [2, ...name('memory'), 2, 0, ...name('minhash'), 0, 0]),
    ...section(10, [1, ...body()]),
  ]);
}

function leb128(value: number): number[] {
  const out: number[] = [];
  let v = value >>> 0;
  do {
    const byte = v & 0x7f;
    v >>>= 7;
    out.push(v === 0 ? byte : byte | 0x80);
  } while (v !== 0);
  return out;
}

function leb128Signed(value: number): number[] {
  const out: number[] = [];
  let v = value | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    if ((v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

function le32(value: number): number[] {
  return [value & 0xff, (value >>> 8) & 0xff, (value >>> 16) & 0xff, (value >>> 24) & 0xff];
}

export type SimdMinhash = (hi: Uint32Array, lo: Uint32Array, count: number) => Uint32Array;

/** The little of the WebAssembly API used here (the compiler's libs here do not declare it). */
interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: { memory: { buffer: ArrayBuffer; grow(pages: number): number }; minhash: (count: number) => void } };
}

/** A SIMD minhash over these seeds (hi, lo pairs by hash), or null where WebAssembly SIMD is unavailable. */
export function simdMinhash(seeds: Uint32Array): SimdMinhash | null {
  const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
  const bytes = moduleBytes();
  if (!wasm || !wasm.validate(bytes)) return null;
  const { memory, minhash: run } = new wasm.Instance(new wasm.Module(bytes)).exports;
  const grouped = new Uint32Array(GROUPS * 8);
  for (let k = 0; k < GROUPS * 4; k++) {
    const group = k >> 2;
    grouped[group * 8 + (k & 3)] = seeds[2 * k] ?? 0;
    grouped[group * 8 + 4 + (k & 3)] = seeds[2 * k + 1] ?? 0;
  }
  // Growing the memory keeps its contents: the seeds are written once.
  new Uint32Array(memory.buffer).set(grouped, SEEDS_AT / 4);
  return (hi, lo, count) => {
    const needed = SHINGLES_AT + count * 8;
    if (needed > memory.buffer.byteLength) memory.grow(Math.ceil((needed - memory.buffer.byteLength) / PAGE));
    const words = new Uint32Array(memory.buffer);
    words.set(hi.subarray(0, count), SHINGLES_AT / 4);
    words.set(lo.subarray(0, count), SHINGLES_AT / 4 + count);
    run(count);
    const sig = new Uint32Array(GROUPS * 8);
    for (let k = 0; k < GROUPS * 4; k++) {
      const at = MINIMA_AT / 4 + (k >> 2) * 8 + (k & 3);
      sig[2 * k] = words[at] ?? 0;
      sig[2 * k + 1] = words[at + 4] ?? 0;
    }
    return sig;
  };
}
