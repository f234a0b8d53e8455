using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using Digits.Sdk.Data;

namespace Digits.Sdk.Tuning.Storage;

/// <summary>
/// The data a study's trials train and are scored on: the data set, the sizes of both parts, and a hash of their
/// labels in order, which tells apart another data set, another split seed or another subset.
/// </summary>
/// <remarks>
/// Labels, not pixels: normalised pixels are floats computed on each machine, and a different CPU could round
/// them differently without the data being different.
/// </remarks>
internal sealed record StudyData(string Dataset, int Classes, int Train, int Validation, string LabelsHash)
{
    public static StudyData Of(DigitDataset train, DigitDataset validation)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var part in new[] { train, validation })
        {
            hash.AppendData(LittleEndianBytes(part.LabelValues));
        }

        return new StudyData(train.Identity.Name, train.ClassCount, train.Count, validation.Count, Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{Train:N0} training and {Validation:N0} validation images of {Dataset} ({Classes} classes)");

    private static byte[] LittleEndianBytes(long[] labels)
    {
        var bytes = new byte[labels.Length * sizeof(long)];
        for (var i = 0; i < labels.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * sizeof(long)), labels[i]);
        }

        return bytes;
    }
}
