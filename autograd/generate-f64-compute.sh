#!/usr/bin/env bash
# F64Compute.java is F32Compute.java with float replaced by double: edit F32Compute.java, then run
# this script to regenerate its twin.
set -euo pipefail
dir="$(cd "$(dirname "$0")" && pwd)/src/main/java/dev/vectorgrad/autograd/internal"
{
  sed -n '1p' "$dir/F32Compute.java"
  echo
  echo "// Generated from F32Compute.java by autograd/generate-f64-compute.sh: do not edit."
  sed -e '1d' \
      -e 's/F32Compute/F64Compute/g; s/dataF32/dataF64/g; s/FloatKernels/DoubleKernels/g; s/PackedFloatMatrix/PackedDoubleMatrix/g' \
      -e 's/Kernels\.f32()/Kernels.f64()/g; s/Kernels#f32()/Kernels#f64()/g; s/(float) //g; s/float\[\]/double[]/g' \
      "$dir/F32Compute.java"
} > "$dir/F64Compute.java"
