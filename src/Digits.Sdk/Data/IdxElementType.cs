namespace Digits.Sdk.Data;

/// <summary>
/// The element type of an IDX file: the third byte of its header. The numeric values are the type codes the
/// format defines, so <c>(byte)IdxElementType.Single</c> is what a writer puts in the header.
/// </summary>
public enum IdxElementType : byte
{
    /// <summary>Unsigned 8-bit integers (code <c>0x08</c>); MNIST's images and labels.</summary>
    UnsignedByte = 0x08,

    /// <summary>Signed 8-bit integers (code <c>0x09</c>).</summary>
    SignedByte = 0x09,

    /// <summary>Big-endian signed 16-bit integers (code <c>0x0B</c>).</summary>
    Int16 = 0x0B,

    /// <summary>Big-endian signed 32-bit integers (code <c>0x0C</c>).</summary>
    Int32 = 0x0C,

    /// <summary>Big-endian IEEE 754 single-precision floats (code <c>0x0D</c>).</summary>
    Single = 0x0D,

    /// <summary>Big-endian IEEE 754 double-precision floats (code <c>0x0E</c>).</summary>
    Double = 0x0E,
}
