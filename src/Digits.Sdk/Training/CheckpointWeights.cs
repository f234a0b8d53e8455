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
    public static void Verify(ReadOnlySpan<byte> section, int sectionOffset, nn.Module network, string path, string networkName)
    {
        var cursor = new CheckpointSectionCursor(section, (offset, expected) => new InvalidDataException(string.Create(
            CultureInfo.InvariantCulture,
            $"'{path}' is damaged: its weights section does not hold the weights of {networkName}: expected {expected} at byte {offset} of the section (offset {sectionOffset + offset} of the file).")));
        var state = network.state_dict();
        cursor.Expect(state.Count, "the number of tensors");
        foreach (var (name, tensor) in state)
        {
            var nameStart = cursor.At;
            var expectedName = Encoding.UTF8.GetBytes(name);
            var length = cursor.ReadNumber($"the length of the name '{name}'");
            if (length != expectedName.Length || !cursor.Take(length, $"the tensor '{name}'").SequenceEqual(expectedName))
            {
                throw cursor.Damaged(nameStart, $"the tensor '{name}'");
            }

            cursor.SkipTensorLike(tensor, $"'{name}'");
        }

        cursor.ExpectEnd();
    }
}
