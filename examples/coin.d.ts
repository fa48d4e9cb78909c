export declare const coin: import("../src/lang/dsl.js").LangModel;
export default coin;
export declare const data: {
    n: number;
    heads: number;
};
/** The exact posterior mean 8 / 12, drawn as a rule on plots. */
export declare const reference: {
    p: number;
};
//# sourceMappingURL=coin.d.ts.map