// Makes TorchSharp's native library loadable on Linux distributions whose libstdc++ is older than the
// one it was built against (Debian 12 and Ubuntu 22.04 ship GLIBCXX_3.4.30; libLibTorchSharp.so 0.107.0
// asks for GLIBCXX_3.4.32).
//
// The only symbol of that version the library uses is std::ios_base_library_init(), which GCC 13 emits as
// a reference without relocations: nothing ever calls or binds it. So the version requirement can be marked
// weak (VER_FLG_WEAK in its Vernaux entry of .gnu.version_r) and the dynamic loader accepts the library.
//
// This one file serves three callers, and is written in the C# that MSBuild's RoslynCodeTaskFactory compiles
// (no newer language features, no dependencies beyond netstandard):
// - the inline task in Digits.Sdk.targets, which patches the copies in a build's or publish's output folder;
// - the runtime (compiled with DIGITS_SDK_RUNTIME), which explains a load failure in plain words;
// - the unit tests, which check that the edit changes exactly one flag.
#nullable disable

namespace Digits.Sdk.Native
{
    using System;
    using System.Collections.Generic;
    using System.IO;
    using System.Text;

    /// <summary>Reads and edits the symbol-versioning sections of ELF64 little-endian shared libraries.</summary>
    internal static class ElfSymbolVersions
    {
        /// <summary>The version requirement that is safe to weaken, and the only one this code ever touches.</summary>
        public const string WeakenableVersion = "GLIBCXX_3.4.32";

        /// <summary>The library that defines <see cref="WeakenableVersion"/>.</summary>
        public const string StandardLibrary = "libstdc++.so.6";

        private const uint SectionVersionDefinitions = 0x6ffffffd; // SHT_GNU_verdef
        private const uint SectionVersionNeeds = 0x6ffffffe; // SHT_GNU_verneed
        private const ushort WeakFlag = 0x2; // VER_FLG_WEAK

        /// <summary>One entry of a library's version requirements.</summary>
        public sealed class Requirement
        {
            /// <summary>Creates a requirement read from a file.</summary>
            public Requirement(string library, string version, ushort flags, long flagsOffset)
            {
                Library = library;
                Version = version;
                Flags = flags;
                FlagsOffset = flagsOffset;
            }

            /// <summary>The library the version is required from, e.g. <c>libstdc++.so.6</c>.</summary>
            public string Library { get; }

            /// <summary>The version name, e.g. <c>GLIBCXX_3.4.32</c>.</summary>
            public string Version { get; }

            /// <summary>The entry's flags (<c>vna_flags</c>).</summary>
            public ushort Flags { get; }

            /// <summary>The file offset of the two flag bytes.</summary>
            public long FlagsOffset { get; }

            /// <summary>Whether the loader tolerates the version being absent.</summary>
            public bool IsWeak { get { return (Flags & WeakFlag) != 0; } }
        }

        /// <summary>The version requirements (<c>.gnu.version_r</c>) of an ELF file.</summary>
        /// <exception cref="InvalidDataException">The bytes are not a well-formed ELF64 little-endian file.</exception>
        public static List<Requirement> ReadRequirements(byte[] elf, string fileName)
        {
            var result = new List<Requirement>();
            foreach (var section in ReadSections(elf, fileName))
            {
                if (section.Type != SectionVersionNeeds)
                {
                    continue;
                }

                var strings = StringTable(elf, fileName, section.Link);
                long need = section.Offset;
                for (var remaining = section.Info; remaining > 0; remaining--)
                {
                    Require(elf, need, 16, fileName, "a Verneed entry");
                    var count = ReadUInt16(elf, need + 2);
                    var library = ReadString(elf, strings, ReadUInt32(elf, need + 4), fileName);
                    long aux = need + ReadUInt32(elf, need + 8);
                    for (var i = 0; i < count; i++)
                    {
                        Require(elf, aux, 16, fileName, "a Vernaux entry");
                        var flags = ReadUInt16(elf, aux + 4);
                        var version = ReadString(elf, strings, ReadUInt32(elf, aux + 8), fileName);
                        result.Add(new Requirement(library, version, flags, aux + 4));
                        var nextAux = ReadUInt32(elf, aux + 12);
                        if (nextAux == 0)
                        {
                            break;
                        }

                        aux += nextAux;
                    }

                    var next = ReadUInt32(elf, need + 12);
                    if (next == 0)
                    {
                        break;
                    }

                    need += next;
                }
            }

            return result;
        }

        /// <summary>The version names a shared library defines (<c>.gnu.version_d</c>), e.g. every <c>GLIBCXX_*</c> of libstdc++.</summary>
        /// <exception cref="InvalidDataException">The bytes are not a well-formed ELF64 little-endian file.</exception>
        public static HashSet<string> ReadDefinitions(byte[] elf, string fileName)
        {
            var result = new HashSet<string>(StringComparer.Ordinal);
            foreach (var section in ReadSections(elf, fileName))
            {
                if (section.Type != SectionVersionDefinitions)
                {
                    continue;
                }

                var strings = StringTable(elf, fileName, section.Link);
                long definition = section.Offset;
                for (var remaining = section.Info; remaining > 0; remaining--)
                {
                    Require(elf, definition, 20, fileName, "a Verdef entry");
                    var auxCount = ReadUInt16(elf, definition + 6);
                    if (auxCount > 0)
                    {
                        long aux = definition + ReadUInt32(elf, definition + 12);
                        Require(elf, aux, 8, fileName, "a Verdaux entry");
                        result.Add(ReadString(elf, strings, ReadUInt32(elf, aux), fileName));
                    }

                    var next = ReadUInt32(elf, definition + 16);
                    if (next == 0)
                    {
                        break;
                    }

                    definition += next;
                }
            }

            return result;
        }

        /// <summary>
        /// Marks the <see cref="WeakenableVersion"/> requirement on <see cref="StandardLibrary"/> weak, in memory.
        /// Returns whether anything changed: <see langword="false"/> when there is no such requirement or it is weak already.
        /// </summary>
        public static bool WeakenStandardLibraryRequirement(byte[] elf, string fileName)
        {
            var changed = false;
            foreach (var requirement in ReadRequirements(elf, fileName))
            {
                if (requirement.Library == StandardLibrary && requirement.Version == WeakenableVersion && !requirement.IsWeak)
                {
                    var flags = (ushort)(requirement.Flags | WeakFlag);
                    elf[requirement.FlagsOffset] = (byte)flags;
                    elf[requirement.FlagsOffset + 1] = (byte)(flags >> 8);
                    changed = true;
                }
            }

            return changed;
        }

        /// <summary>
        /// The libstdc++ the dynamic loader would pick for a 64-bit library of the given ELF machine, or
        /// <see langword="null"/> if none is found (e.g. a musl system without it).
        /// </summary>
        public static string FindStandardLibrary(ushort machine)
        {
            var candidates = new List<string>();
            var libraryPath = Environment.GetEnvironmentVariable("LD_LIBRARY_PATH");
            if (!string.IsNullOrEmpty(libraryPath))
            {
                candidates.AddRange(libraryPath.Split(new[] { ':' }, StringSplitOptions.RemoveEmptyEntries));
            }

            var triplet = machine == 183 ? "aarch64-linux-gnu" : "x86_64-linux-gnu"; // EM_AARCH64 : EM_X86_64
            candidates.AddRange(new[]
            {
                "/usr/lib/" + triplet, "/lib/" + triplet, "/usr/lib64", "/lib64", "/usr/lib", "/lib",
            });

            foreach (var folder in candidates)
            {
                var path = Path.Combine(folder, StandardLibrary);
                if (File.Exists(path))
                {
                    return path;
                }
            }

            return null;
        }

        /// <summary>The ELF machine code (<c>e_machine</c>) of a file.</summary>
        public static ushort ReadMachine(byte[] elf, string fileName)
        {
            CheckHeader(elf, fileName);
            return ReadUInt16(elf, 0x12);
        }

        private struct Section
        {
            public uint Type;
            public long Offset;
            public long Size;
            public uint Link;
            public uint Info;
        }

        private static void CheckHeader(byte[] elf, string fileName)
        {
            if (elf.Length < 64 || elf[0] != 0x7f || elf[1] != (byte)'E' || elf[2] != (byte)'L' || elf[3] != (byte)'F')
            {
                throw new InvalidDataException(fileName + ": not an ELF file (expected the bytes 7F 45 4C 46 at offset 0).");
            }

            if (elf[4] != 2 || elf[5] != 1)
            {
                throw new InvalidDataException(fileName + ": expected a 64-bit little-endian ELF file (class 2, data 1 at offset 4), found class " + elf[4] + ", data " + elf[5] + ".");
            }
        }

        private static List<Section> ReadSections(byte[] elf, string fileName)
        {
            CheckHeader(elf, fileName);
            var tableOffset = (long)ReadUInt64(elf, 0x28);
            var entrySize = ReadUInt16(elf, 0x3A);
            var count = ReadUInt16(elf, 0x3C);
            if (entrySize < 64)
            {
                throw new InvalidDataException(fileName + ": section header entries of " + entrySize + " bytes at offset 0x3A; expected 64.");
            }

            var sections = new List<Section>(count);
            for (var i = 0; i < count; i++)
            {
                var header = tableOffset + ((long)i * entrySize);
                Require(elf, header, 64, fileName, "section header " + i);
                var section = new Section
                {
                    Type = ReadUInt32(elf, header + 4),
                    Offset = (long)ReadUInt64(elf, header + 24),
                    Size = (long)ReadUInt64(elf, header + 32),
                    Link = ReadUInt32(elf, header + 40),
                    Info = ReadUInt32(elf, header + 44),
                };
                if (section.Type != 8) // SHT_NOBITS occupies no bytes in the file
                {
                    Require(elf, section.Offset, section.Size, fileName, "the contents of section " + i);
                }

                sections.Add(section);
            }

            return sections;
        }

        private static long StringTable(byte[] elf, string fileName, uint index)
        {
            var sections = ReadSections(elf, fileName);
            if (index >= sections.Count)
            {
                throw new InvalidDataException(fileName + ": a version section links to string table " + index + ", but the file has " + sections.Count + " sections.");
            }

            return sections[(int)index].Offset;
        }

        private static string ReadString(byte[] elf, long table, uint offset, string fileName)
        {
            var start = table + offset;
            var end = start;
            while (end < elf.Length && elf[end] != 0)
            {
                end++;
            }

            if (end >= elf.Length)
            {
                throw new InvalidDataException(fileName + ": unterminated string at offset " + start + ".");
            }

            return Encoding.ASCII.GetString(elf, (int)start, (int)(end - start));
        }

        private static void Require(byte[] elf, long offset, long length, string fileName, string what)
        {
            if (offset < 0 || length < 0 || offset + length > elf.Length)
            {
                throw new InvalidDataException(fileName + ": " + what + " at offset " + offset + " runs past the end of the file (" + elf.Length + " bytes).");
            }
        }

        private static ushort ReadUInt16(byte[] b, long o) { return (ushort)(b[o] | (b[o + 1] << 8)); }

        private static uint ReadUInt32(byte[] b, long o) { return (uint)(b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)); }

        private static ulong ReadUInt64(byte[] b, long o) { return ReadUInt32(b, o) | ((ulong)ReadUInt32(b, o + 4) << 32); }
    }

#if !DIGITS_SDK_RUNTIME
    /// <summary>
    /// The MSBuild task: in a build's or publish's output folder, makes every copy of libLibTorchSharp.so loadable
    /// when, and only when, this machine's libstdc++ lacks <see cref="ElfSymbolVersions.WeakenableVersion"/>.
    /// </summary>
    /// <remarks>
    /// It edits only the copies in the output folder, never the NuGet packages folder: each copy is replaced by a
    /// patched file through a rename (so a hard or symbolic link into the packages folder is replaced, not written
    /// through), and keeps its timestamp, so the SDK's incremental copy still sees it as up to date and the next
    /// build neither copies nor patches it again.
    /// </remarks>
    public sealed class MakeTorchSharpLoadable : Microsoft.Build.Utilities.Task
    {
        /// <summary>The output folder to search (the build's OutDir or the PublishDir).</summary>
        [Microsoft.Build.Framework.Required]
        public string Directory { get; set; }

        /// <summary>The libstdc++ to check; found where the loader looks when not given.</summary>
        public string StandardLibraryPath { get; set; }

        /// <summary>The copies that were patched by this run.</summary>
        [Microsoft.Build.Framework.Output]
        public string[] Patched { get; set; }

        /// <inheritdoc/>
        public override bool Execute()
        {
            var patched = new List<string>();
            Patched = patched.ToArray();
            if (!System.IO.Directory.Exists(Directory))
            {
                return true;
            }

            string[] copies = System.IO.Directory.GetFiles(Directory, "libLibTorchSharp.so", SearchOption.AllDirectories);
            if (copies.Length == 0)
            {
                return true;
            }

            HashSet<string> available = null;
            foreach (var copy in copies)
            {
                try
                {
                    var bytes = File.ReadAllBytes(copy);
                    if (available == null)
                    {
                        var standardLibrary = StandardLibraryPath ?? ElfSymbolVersions.FindStandardLibrary(ElfSymbolVersions.ReadMachine(bytes, copy));
                        if (standardLibrary == null)
                        {
                            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "Digits.Sdk: no libstdc++ found; TorchSharp's native library is left as it is.");
                            return true;
                        }

                        available = ElfSymbolVersions.ReadDefinitions(File.ReadAllBytes(standardLibrary), standardLibrary);
                        if (available.Contains(ElfSymbolVersions.WeakenableVersion))
                        {
                            Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Low, "Digits.Sdk: " + standardLibrary + " provides " + ElfSymbolVersions.WeakenableVersion + "; TorchSharp loads as it is.");
                            return true;
                        }
                    }

                    if (!ElfSymbolVersions.WeakenStandardLibraryRequirement(bytes, copy))
                    {
                        continue;
                    }

                    Replace(copy, bytes);
                    patched.Add(copy);
                    Log.LogMessage(Microsoft.Build.Framework.MessageImportance.Normal, "Digits.Sdk: marked the " + ElfSymbolVersions.WeakenableVersion + " requirement of " + copy + " weak, so that it loads with this machine's older libstdc++.");
                }
                catch (Exception error)
                {
                    if (error is IOException || error is UnauthorizedAccessException || error is InvalidDataException)
                    {
                        Log.LogWarning("Digits.Sdk: could not make " + copy + " loadable: " + error.Message);
                        continue;
                    }

                    throw;
                }
            }

            Patched = patched.ToArray();
            return !Log.HasLoggedErrors;
        }

        private static void Replace(string target, byte[] bytes)
        {
            var timestamp = File.GetLastWriteTimeUtc(target);
            var temporary = target + ".digits-tmp";
            File.Copy(target, temporary, true); // keeps the file mode
            File.WriteAllBytes(temporary, bytes);
            File.SetLastWriteTimeUtc(temporary, timestamp);
            File.Replace(temporary, target, null); // a rename: readers see the old file or the new one, never half of one

        }
    }
#endif
}
