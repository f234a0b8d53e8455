namespace Digits.Sdk.Data;

/// <summary>The parsed header of an IDX file, validated but not yet backed by any payload.</summary>
/// <param name="ElementType">The element type.</param>
/// <param name="Dimensions">The dimension sizes, each positive.</param>
/// <param name="ElementCount">The product of the dimensions.</param>
/// <param name="PayloadLength">The payload size in bytes.</param>
internal readonly record struct IdxHeader(IdxElementType ElementType, int[] Dimensions, long ElementCount, long PayloadLength)
{
    /// <summary>The header's own size: four bytes of magic, type and rank, then four per dimension.</summary>
    public int Length => 4 + 4 * Dimensions.Length;

    public string Describe() => $"[{string.Join(", ", Dimensions)}] {ElementType}";
}
