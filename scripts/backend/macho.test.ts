import { describe, expect, it } from 'vitest';
import { fakeMachO } from './fake-executables';
import { adhocSign, checkSignature, parseMachO, sectionData, withSignatureCommand } from './macho';
import { MACHO_SEA_SECTION, MACHO_SEA_SEGMENT, SEA_BLOB_MAGIC, machoSeaProblem } from './sea-resource';

describe('ad hoc Mach-O signatures', () => {
  it('signs every page, and a changed byte in any page or hash fails the check', () => {
    const signed = fakeMachO('arm64');
    expect(checkSignature(signed)).toEqual({ signed: true, adhoc: true, identifier: 'gpx_llmops', badPages: 0 });
    for (const at of [200, 4096 + 4]) {
      const corrupt = Buffer.from(signed);
      corrupt[at]! ^= 0x01;
      expect(checkSignature(corrupt)).toMatchObject({ badPages: 1, problem: '1 of 3 pages do not match their hashes' });
    }
    const sig = parseMachO(signed).signature!;
    const badHash = Buffer.from(signed);
    badHash[sig.dataoff + sig.datasize - 40]! ^= 0x01; // inside the last page hash (the requirements blob is the last 12 bytes + padding)
    expect(checkSignature(badHash).badPages).toBeGreaterThan(0);
  });

  it('adds LC_CODE_SIGNATURE to a file without one (as postject leaves Node) and signs it', () => {
    const unsigned = fakeMachO('amd64', { signed: false });
    expect(parseMachO(unsigned).signature).toBeUndefined();
    expect(checkSignature(unsigned).problem).toBe('no LC_CODE_SIGNATURE');
    const withCmd = withSignatureCommand(unsigned);
    const m = parseMachO(withCmd);
    expect(withCmd.readUInt32LE(16)).toBe(4); // ncmds
    expect(m.signature).toEqual({ cmdOffset: 32 + 72 + 152 + 72, dataoff: unsigned.length, datasize: 0 });
    const signed = adhocSign(unsigned, 'gpx_llmops');
    expect(checkSignature(signed)).toEqual({ signed: true, adhoc: true, identifier: 'gpx_llmops', badPages: 0 });
    // Signing again replaces the signature and leaves the code as it was.
    expect(adhocSign(signed, 'gpx_llmops').equals(signed)).toBe(true);
  });

  it('refuses to add the command where the load commands leave no zero padding', () => {
    const unsigned = Buffer.from(fakeMachO('amd64', { signed: false }));
    unsigned.fill(0x90, 32 + 296, 32 + 296 + 8); // something after the load commands
    expect(() => withSignatureCommand(unsigned)).toThrow(/no room after the load commands/);
  });
});

describe('Node SEA blob in a Mach-O file', () => {
  it('finds the blob where Node looks for it and checks the fuse', () => {
    const file = fakeMachO('arm64');
    expect(sectionData(file, MACHO_SEA_SEGMENT, MACHO_SEA_SECTION)?.readUInt32LE(0)).toBe(SEA_BLOB_MAGIC);
    expect(machoSeaProblem(file)).toBeUndefined();
    expect(machoSeaProblem(fakeMachO('arm64', { fuse: '0' }))).toBe('the SEA fuse is not flipped');
    const noMagic = Buffer.from(file);
    noMagic.writeUInt32LE(0, 4096);
    expect(machoSeaProblem(noMagic)).toMatch(/does not start with Node's SEA blob magic/);
    const renamed = Buffer.from(file);
    renamed.write('__OTHER', 176, 'latin1');
    expect(machoSeaProblem(renamed)).toMatch(/no NODE_SEA\/__NODE_SEA_BLOB section/);
  });
});
