export declare const eightSchools: import("../src/lang/dsl.js").LangModel;
export default eightSchools;
export declare const data: {
    J: number;
    y: number[];
    sigma: number[];
};
/** Posterior means from posteriordb's reference draws (eight_schools-eight_schools_noncentered). */
export declare const reference: {
    mu: number;
    tau: number;
};
//# sourceMappingURL=eight-schools.d.ts.map