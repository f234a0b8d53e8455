using System.Globalization;
using static TorchSharp.torch;

namespace Digits.Sdk.Data;

/// <summary>Reads an IDX labels file and checks it against the images and classes it belongs to.</summary>
internal static class IdxLabels
{
    public static Tensor Read(string path, int classCount, long expectedCount, string imagesPath, System.Security.Cryptography.IncrementalHash? contentHash = null)
    {
        using var source = IdxSource.Open(path, contentHash);
        var header = IdxReader.ReadHeader(source);
        if (header.ElementType != IdxElementType.UnsignedByte)
        {
            throw source.Error(2, "element type 0x08 (unsigned bytes) for labels", ((byte)header.ElementType).ToString("X2", CultureInfo.InvariantCulture));
        }

        if (header.Dimensions.Length != 1)
        {
            throw source.Error(3, "1 dimension (count) for labels", header.Dimensions.Length.ToString(CultureInfo.InvariantCulture));
        }

        if (header.Dimensions[0] != expectedCount)
        {
            throw source.Error(4, string.Create(CultureInfo.InvariantCulture, $"{expectedCount} labels, one per image in '{imagesPath}'"), header.Dimensions[0].ToString(CultureInfo.InvariantCulture));
        }

        var payload = IdxReader.ReadPayload(source, header);
        var values = new long[payload.Length];
        for (var i = 0; i < payload.Length; i++)
        {
            if (payload[i] >= classCount)
            {
                throw source.Error(header.Length + i, string.Create(CultureInfo.InvariantCulture, $"a label in 0..{classCount - 1}"), payload[i].ToString(CultureInfo.InvariantCulture));
            }

            values[i] = payload[i];
        }

        return tensor(values);
    }
}
