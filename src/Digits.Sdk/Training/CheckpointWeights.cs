using System.Globalization;
using System.Text;
using static TorchSharp.torch;

namespace Digits.Sdk.Training;

/// <summary>
/// Checks a checkpoint's weights section against the network it is about to be loaded into, before TorchSharp reads it.
/// </summary>
/// <remarks>
/// <para>The section is TorchSharp's <c>Module.save</c> format: the number of tensors (LEB128), then for each, in
/// state-dictionary order, its name (a 7-bit-length-prefixed UTF-8 string), its scalar type, its rank and its sizes
/// (LEB128 each) and its elements' bytes. For a network of known architecture every one of those fields but the
/// elements is known in advance, so the walk compares them all and checks that the elements fit.</para>
/// <para>Why before TorchSharp: its reader believes the rank it reads and allocates that many sizes first (found by
/// fuzzing: a rank of 2^28 in a 1 KB file allocated 2 GB), and reports damage as its own exceptions.</para>
/// </remarks>
internal static class CheckpointWeights
{
    /// <summary>Checks that <paramref name="section"/> holds exactly the tensors of <paramref name="network"/>'s state.</summary>
    /// <exception cref="InvalidDataException">The section does not; the message names the byte and what was expected there.</exception>
    public static void Verify(ReadOnlySpan<byte> section, nn.Module network, string path, string networkName)
    {
        var at = 0;
        var state = network.state_dict();
        Expect(section, ref at, state.Count, "the number of tensors", path, networkName);
        foreach (var (name, tensor) in state)
        {
            var nameStart = at;
            var expectedName = Encoding.UTF8.GetBytes(name);
            var length = ReadNumber(section, ref at, $"the length of the name '{name}'", path, networkName);
            if (length != expectedName.Length || section.Length - at < length || !section.Slice(at, (int)length).SequenceEqual(expectedName))
            {
                throw Damaged(path, networkName, nameStart, $"the tensor '{name}'");
            }

            at += (int)length;
            Expect(section, ref at, (long)tensor.dtype, $"the scalar type of '{name}' ({tensor.dtype})", path, networkName);
            Expect(section, ref at, tensor.shape.Length, $"the rank of '{name}' ({tensor.shape.Length})", path, networkName);
            foreach (var size in tensor.shape)
            {
                Expect(section, ref at, size, $"the sizes of '{name}' [{string.Join(", ", tensor.shape)}]", path, networkName);
            }

            var bytes = tensor.numel() * tensor.ElementSize;
            if (section.Length - at < bytes)
            {
                throw Damaged(path, networkName, at, string.Create(CultureInfo.InvariantCulture, $"the {bytes} bytes of '{name}', but only {section.Length - at} follow"));
            }

            at += (int)bytes;
        }

        if (at != section.Length)
        {
            throw Damaged(path, networkName, at, string.Create(CultureInfo.InvariantCulture, $"the end of the section, but {section.Length - at} more bytes follow"));
        }
    }

    private static void Expect(ReadOnlySpan<byte> section, ref int at, long expected, string what, string path, string networkName)
    {
        var start = at;
        if (ReadNumber(section, ref at, what, path, networkName) != expected)
        {
            throw Damaged(path, networkName, start, what);
        }
    }

    /// <summary>An unsigned LEB128 number, as TorchSharp and BinaryWriter's 7-bit lengths write it; at most 63 bits.</summary>
    private static long ReadNumber(ReadOnlySpan<byte> section, ref int at, string what, string path, string networkName)
    {
        var start = at;
        long value = 0;
        for (var shift = 0; shift < 63; shift += 7)
        {
            if (at >= section.Length)
            {
                throw Damaged(path, networkName, start, $"{what}, but the section ends");
            }

            var b = section[at++];
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                return value;
            }
        }

        throw Damaged(path, networkName, start, $"{what}, but found a number longer than 63 bits");
    }

    private static InvalidDataException Damaged(string path, string networkName, int offset, string expected) =>
        new(string.Create(CultureInfo.InvariantCulture, $"'{path}' is damaged: its weights section does not hold the weights of {networkName}: expected {expected} at byte {offset} of the section."));
}
