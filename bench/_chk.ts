import { neighbourBandwidths } from "../src/samplers/tpe/parzen-estimator.js";
const o={considerMagicClip:true,considerEndpoints:false};
console.log(Array.from(neighbourBandwidths([2,3,7],0,10,o)));
console.log(Array.from(neighbourBandwidths([7,2,3],0,10,o)));
console.log(Array.from(neighbourBandwidths([5,5,1,9,5],0,10,{considerMagicClip:false,considerEndpoints:false})));
const xs=Array.from({length:300},(_,i)=>((i*7919)%300)/30); const r=neighbourBandwidths(xs,0,10,o); 
const s=[...xs].sort((a,b)=>a-b); let ok=true; xs.forEach((x,i)=>{const rr=s.indexOf(x); const l=rr===0?0:s[rr-1], h=rr===299?10:s[rr+1]; let e=rr===0?h-x:rr===299?x-l:Math.max(x-l,h-x); e=Math.min(Math.max(e,10/100),10); if(Math.abs(e-r[i])>1e-12) ok=false}); console.log("ok",ok);
