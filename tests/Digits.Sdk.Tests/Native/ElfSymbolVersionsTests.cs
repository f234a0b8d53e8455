using Digits.Sdk.Native;
using Digits.Sdk.Tests.Infrastructure;

namespace Digits.Sdk.Tests.Native;

public sealed class ElfSymbolVersionsTests
{
    private static byte[] PristineLibrary() => File.ReadAllBytes(BuildEnvironment.PristineLibTorchSharp);

    [Fact]
    public void TorchSharps_native_library_requires_GLIBCXX_3_4_32_strongly_as_shipped()
    {
        var requirements = ElfSymbolVersions.ReadRequirements(PristineLibrary(), "libLibTorchSharp.so");

        var requirement = Assert.Single(requirements, r => r.Version == "GLIBCXX_3.4.32");
        Assert.Equal("libstdc++.so.6", requirement.Library);
        Assert.False(requirement.IsWeak);
    }

    [Fact]
    public void Weakening_changes_only_the_flag_of_that_one_version_entry()
    {
        var original = PristineLibrary();
        var edited = (byte[])original.Clone();

        var changed = ElfSymbolVersions.WeakenStandardLibraryRequirement(edited, "libLibTorchSharp.so");

        Assert.True(changed);
        var differences = Enumerable.Range(0, original.Length).Where(i => original[i] != edited[i]).ToList();
        var offset = Assert.Single(differences);
        var entry = ElfSymbolVersions.ReadRequirements(edited, "libLibTorchSharp.so").Single(r => r.Version == "GLIBCXX_3.4.32");
        Assert.Equal(entry.FlagsOffset, offset);
        Assert.Equal(original[offset] | 0x2, edited[offset]);
        Assert.True(entry.IsWeak);
        Assert.All(
            ElfSymbolVersions.ReadRequirements(edited, "libLibTorchSharp.so").Where(r => r.Version != "GLIBCXX_3.4.32"),
            r => Assert.False(r.IsWeak));
    }

    [Fact]
    public void Weakening_twice_changes_nothing_more()
    {
        var once = PristineLibrary();
        ElfSymbolVersions.WeakenStandardLibraryRequirement(once, "libLibTorchSharp.so");
        var twice = (byte[])once.Clone();

        var changed = ElfSymbolVersions.WeakenStandardLibraryRequirement(twice, "libLibTorchSharp.so");

        Assert.False(changed);
        Assert.Equal(once, twice);
    }

    [Fact]
    public void The_machines_libstdcxx_lists_the_versions_it_defines()
    {
        var path = ElfSymbolVersions.FindStandardLibrary(ElfSymbolVersions.ReadMachine(PristineLibrary(), "libLibTorchSharp.so"));

        Assert.NotNull(path);
        var versions = ElfSymbolVersions.ReadDefinitions(File.ReadAllBytes(path), path);
        Assert.Contains("GLIBCXX_3.4", versions);
        Assert.Contains("CXXABI_1.3", versions);
    }

    [Fact]
    public void A_file_that_is_not_ELF_is_rejected_with_the_offset_and_what_was_expected()
    {
        var error = Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.ReadRequirements(new byte[100], "notes.txt"));

        Assert.Contains("notes.txt", error.Message);
        Assert.Contains("7F 45 4C 46 at offset 0", error.Message);
    }

    [Fact]
    public void A_truncated_library_is_rejected_instead_of_read_past_its_end()
    {
        var truncated = PristineLibrary()[..4096];

        var error = Assert.Throws<InvalidDataException>(() => ElfSymbolVersions.ReadRequirements(truncated, "libLibTorchSharp.so"));

        Assert.Contains("runs past the end of the file", error.Message);
    }
}
