# Spack recipe for petnet, kept in the petnet repository (spack/spack_repo/petnet).
# Environments that use it, from the repository root: spack.yaml (Debian 12 externals)
# and spack/envs/cluster/spack.yaml (Spack builds Kokkos with OpenMP or CUDA).
from spack_repo.builtin.build_systems.cmake import CMakePackage
from spack_repo.builtin.build_systems.cuda import CudaPackage
from spack_repo.builtin.packages.kokkos.package import Kokkos

from spack.package import *


class Petnet(CMakePackage, CudaPackage):
    """Neural-network PDE solvers trained with the solvers of numerical analysis
    (Moore-Penrose continuation, trust-region SQP, damped block Newton): residual
    Jacobians distributed with MPI through PETSc, network kernels in Kokkos (Serial,
    OpenMP or CUDA), results and checkpoints in HDF5."""

    homepage = "https://github.com/petnet/petnet"
    git = "https://github.com/petnet/petnet.git"

    license("BSD-2-Clause")

    version("main", branch="main")
    version("0.1.0", tag="v0.1.0")

    # Kokkos back-ends. Without +openmp or +cuda the kernels run on Kokkos' Serial
    # back-end, which any Kokkos from 3.4 on provides (Debian 12 ships 3.4.1).
    variant("openmp", default=False, description="Run the Kokkos kernels on OpenMP threads")

    # Kokkos compiles for exactly one GPU architecture, and only for those it names, so
    # petnet takes one cuda_arch (CudaPackage's variant accepts several) among Kokkos'.
    variant(
        "cuda_arch",
        description="CUDA architecture of the GPU the Kokkos kernels run on",
        values=("none",) + CudaPackage.cuda_arch_values,
        default="none",
        multi=False,
        sticky=True,
        when="+cuda",
    )
    conflicts("cuda_arch=none", when="+cuda", msg="petnet+cuda needs one cuda_arch=<sm>")
    for _arch in CudaPackage.cuda_arch_values:
        if _arch not in Kokkos.spack_cuda_arch_map:
            conflicts(
                "+cuda", when=f"cuda_arch={_arch}", msg=f"Kokkos does not build for sm_{_arch}"
            )

    depends_on("c", type="build")
    depends_on("cxx", type="build")
    depends_on("cmake@3.20:", type="build")
    depends_on("pkgconfig", type="build")

    depends_on("mpi")
    depends_on("petsc@3.18:+mpi+hdf5")
    depends_on("hdf5+mpi")
    # Serial double-precision FFTW (fftw3 through pkg-config); petnet calls no fftw_mpi_*.
    depends_on("fftw~mpi precision=double")
    depends_on("blas")
    depends_on("lapack")

    # C++17 sources: Kokkos 3.4 up to 4.x (Kokkos 5 requires C++20). OpenMP and CUDA
    # come from a Kokkos 4 built with that back-end; on CUDA the kernels, written as
    # KOKKOS_LAMBDAs, are device lambdas and need Kokkos' cuda_lambda option.
    depends_on("kokkos@3.4:4")
    depends_on("kokkos@4: +openmp", when="+openmp")
    depends_on("kokkos@4: +cuda +cuda_lambda", when="+cuda")
    for _arch in Kokkos.spack_cuda_arch_map:
        depends_on(f"kokkos cuda_arch={_arch}", when=f"+cuda cuda_arch={_arch}")

    depends_on("googletest@1.10:", type="test")

    def cmake_args(self):
        spec = self.spec
        args = [
            self.define("PETNET_ENABLE_TESTS", self.run_tests),
            # Spack's compiler wrappers already add the flags of the spec's target.
            self.define("PETNET_NATIVE", False),
            self.define("Kokkos_ROOT", spec["kokkos"].prefix),
            self.define("HDF5_ROOT", spec["hdf5"].prefix),
        ]
        if spec.satisfies("+cuda"):
            # Kokkos' CUDA back-end compiles the kernels through its nvcc wrapper
            # (or through clang when Kokkos was built with it).
            args.append(self.define("CMAKE_CXX_COMPILER", self["kokkos"].kokkos_cxx))
        return args

    def check(self):
        """Build-time tests: the ctest suite (spack install --test=root petnet)."""
        with working_dir(self.build_directory):
            ctest("--output-on-failure")

    def test_help(self):
        """The installed driver starts, lists its options and exits 0 (spack test run)."""
        petnet = which(self.prefix.bin.petnet)
        out = petnet("-help", output=str, error=str)
        assert "-problem" in out
